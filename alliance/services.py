from typing import Any

from alliance.data import ACTIVITY_AREAS


def activity_areas_load(*, model: Any = None) -> None:
    """Create or refresh the three areas of activity. Idempotent.

    Takes the model class so a migration can pass its historical model.
    """
    if model is None:
        from alliance.models import ActivityArea as model
    for position, (slug, title, summary) in enumerate(ACTIVITY_AREAS, start=1):
        model.objects.update_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "position": position}
        )
