"""The calls' part of ``InitiativesConfig.ready``: the admin, the beat task, email topics and
the GDPR entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from accounts import hooks
    from initiatives.calls import admin, privacy, tasks  # noqa: F401  (they register themselves)
    from notifications import topics

    hooks.register_personal_data(privacy.ENTRY)
    # Both follow from what the person did: applied to a call, or agreed to review for one.
    topics.register(
        "initiatives.calls", _("Decisions and reminders about your proposals"), on_at_first=True
    )
    topics.register(
        "initiatives.calls.reviews",
        _("Reminders for reviewers of calls for projects"),
        on_at_first=True,
    )
