"""Loading the shared vocabularies; used by the data migration and by seed_demo alike."""

from __future__ import annotations

from typing import Any

from config.pagecache import changes
from taxonomy import data


@changes("taxonomy")
def vocabularies_load(*, theme_model: Any, subject_model: Any, sector_model: Any) -> None:
    """Create or refresh every shared vocabulary. Idempotent.

    Takes the model classes so a migration can pass its historical models.
    """
    for position, (slug, name, description) in enumerate(data.PRIORITY_AREAS, start=1):
        theme_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": position,
                "source": data.SOURCE_COM_2006_136,
            },
        )
    for position, (slug, name) in enumerate(data.ISO26000_SUBJECTS, start=1):
        subject_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    for code, name in data.NACE_SECTORS:
        sector_model.objects.update_or_create(code=code, defaults={"name": name})


def vocabularies_load_current() -> None:
    from taxonomy.models import Iso26000Subject, Sector, Theme

    vocabularies_load(theme_model=Theme, subject_model=Iso26000Subject, sector_model=Sector)
