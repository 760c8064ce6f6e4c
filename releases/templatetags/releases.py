"""What the public pages say about releases, from the settings that decide them."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def release_days() -> int:
    """Days between two releases of a scope (``STATISTICS_RELEASE_DAYS``)."""
    return settings.STATISTICS_RELEASE_DAYS
