"""Template helpers of the forum: times in two zones. (Minutes are Markdown, rendered by
``markup``'s ``markdown`` filter like every text people write.)"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.templatetags.tz import do_timezone

register = template.Library()


@register.filter
def in_zone(value: datetime, zone: ZoneInfo | str) -> datetime:
    """``value`` in ``zone``, kept there: Django's ``date`` filter would otherwise convert it to
    the current time zone first."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    return do_timezone(value, zone)


@register.filter
def zone_name(zone: ZoneInfo | str) -> str:
    key = zone if isinstance(zone, str) else zone.key
    return key.replace("_", " ")


@register.filter
def same_zone(zone: ZoneInfo | str, other: ZoneInfo | str) -> bool:
    def key(z: ZoneInfo | str) -> str:
        return z if isinstance(z, str) else z.key

    return key(zone) == key(other)
