"""Template helpers of the forum: Markdown for minutes, and times in two zones."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import markdown as markdown_lib
import nh3
from django import template
from django.templatetags.tz import do_timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "code", "pre", "a"}


@register.filter
def markdown(text: str) -> SafeString:
    """Minutes are written in Markdown; only a small set of tags survives the cleaning."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(nh3.clean(html, tags=_TAGS, link_rel="noopener nofollow"))  # noqa: S308


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
