"""A new account's email: which kinds start on, and the welcome that says so.

The account adapter calls these where sign-up completes (``accounts.adapters``): the defaults
when the account is saved, the welcome once its address is confirmed, so nothing more than the
confirmation goes to an address nobody has confirmed (docs/email.md#what-is-on-at-first).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from notifications import topics
from notifications.links import email_link
from notifications.models import EmailOptOut, OutgoingEmail
from notifications.selectors import preferences_for
from notifications.services import email_enqueue, email_render


def email_defaults_set(*, user_id: int) -> None:
    """Start a new account with every topic off that does not follow from what the person
    does. It is not a withdrawal of consent (none was given), so no consent record is written;
    turning one on later records the consent (``services.email_opt_in``)."""
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user_id=user_id, topic=topic) for topic in topics.off_at_first()],
        ignore_conflicts=True,
    )


def welcome_send(*, user: Any) -> OutgoingEmail:
    """Queue the welcome: which emails are on and off, how often the digest comes, and where
    to change each. Once per account (its key)."""
    language = user.language or settings.LANGUAGE_CODE
    wanted = {preference.topic: preference.wanted for preference in preferences_for(user.pk)}
    with translation.override(language):
        on = [
            {
                "label": topic.label,
                "note": topic.note,
                "change_url": email_link(reverse(topic.changed_at)) if topic.changed_at else "",
            }
            for topic in topics.registered()
            if wanted.get(topic.key, True)
        ]
        off = [topic.label for topic in topics.registered() if not wanted.get(topic.key, True)]
        preferences_url = email_link(reverse("accounts:overview") + "#emails")
    rendered = email_render(
        kind="welcome",
        context={
            "recipient": user,
            "on": on,
            "off": off,
            "preferences_url": preferences_url,
        },
        language=language,
    )
    return email_enqueue(key=f"welcome:{user.pk}", to=user.email, rendered=rendered)
