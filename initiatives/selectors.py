"""Reads on initiatives, with their access rules: a private initiative and a missing one answer
the same 404; a member who may not edit gets 403."""

from __future__ import annotations

from django.db.models import QuerySet

from initiatives.models import Initiative


def published_initiatives() -> QuerySet[Initiative]:
    return (
        Initiative.objects.published()
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("-published_at", "pk")
    )
