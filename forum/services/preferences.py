"""A person's forum settings and their calendar feed's secret address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from forum.models import (
    DigestFrequency,
    MemberPreferences,
    feed_token,
)
from forum.services.mail import (
    TOPIC_DIGEST,
)
from notifications.consent import FORUM_DIGEST
from notifications.services import consent_record


def preferences_for(user: Any) -> MemberPreferences:
    preferences, _created = MemberPreferences.objects.get_or_create(
        user=user, defaults={"time_zone": settings.TIME_ZONE}
    )
    return preferences


@transaction.atomic
def preferences_update(
    *, user: Any, digest_frequency: str, time_zone: str, themes: Any = ()
) -> MemberPreferences:
    preferences = preferences_for(user)
    was_on = preferences.digest_frequency != DigestFrequency.NONE
    if was_on != (digest_frequency != DigestFrequency.NONE):
        consent_record(
            user_id=user.pk,
            purpose=TOPIC_DIGEST,
            text=FORUM_DIGEST,
            given=not was_on,
            source="forum-preferences",
        )
    preferences.digest_frequency = digest_frequency
    preferences.time_zone = time_zone
    preferences.save(update_fields=["digest_frequency", "time_zone"])
    preferences.themes.set(themes)
    return preferences


def feed_token_rotate(*, user: Any) -> MemberPreferences:
    """A new secret address for the calendar feed; the old one stops working at once."""
    preferences = preferences_for(user)
    preferences.feed_token = feed_token()
    preferences.save(update_fields=["feed_token"])
    return preferences
