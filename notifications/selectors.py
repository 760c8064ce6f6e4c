from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from notifications import topics
from notifications.models import EmailOptOut


@dataclass(frozen=True)
class Preference:
    topic: str
    label: str | Promise
    wanted: bool


def preferences_for(user_id: int) -> list[Preference]:
    off = set(EmailOptOut.objects.filter(user_id=user_id).values_list("topic", flat=True))
    return [
        Preference(topic=topic, label=label, wanted=topic not in off)
        for topic, label in sorted(topics.all_topics().items())
    ]
