"""The help desk's part of ``KnowledgeConfig.ready``: its admin, email topics and GDPR entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from accounts import hooks
    from knowledge.helpdesk import admin, privacy  # noqa: F401  (admin registers its models)
    from notifications import topics

    hooks.register_personal_data(privacy.ENTRY)
    # Answers follow from the question the person asked; experts' news from the role given.
    topics.register("knowledge.helpdesk", _("Answers to your questions"), on_at_first=True)
    topics.register(
        "knowledge.helpdesk.experts",
        _("New questions and replies for experts of the help desk"),
        on_at_first=True,
    )
