from __future__ import annotations

from releases.models import Release


def latest_release(scope: str) -> Release | None:
    return Release.objects.latest_of(scope)
