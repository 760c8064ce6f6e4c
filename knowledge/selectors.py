"""Reads other apps use: the forum's digests list new practices in a member's themes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from knowledge.models import Practice

DIGEST_PRACTICES = 10


def practices_published_between(
    *, themes: Iterable[Any], start: datetime, end: datetime
) -> QuerySet[Practice]:
    """Published practices in any of ``themes`` that were published in [start, end)."""
    ids = (
        Practice.objects.published()
        .filter(themes__in=list(themes), published_at__gte=start, published_at__lt=end)
        .values("pk")
    )
    return Practice.objects.filter(pk__in=ids).order_by("published_at", "pk")[:DIGEST_PRACTICES]
