"""Loading the shared vocabularies; used by the data migration and by seed_demo alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import F, Q

from pagecache import invalidates
from taxonomy import data

OTHER_LANGUAGES = ("nl", "fr", "de")  # the order of the tuples in the TRANSLATIONS tables


def localized_values(
    model: Any, field: str, text: str, translations: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """``field``'s values in every language ``model`` stores: the English text in the original
    column and ``<field>_en``, Dutch, French and German from ``translations`` (English →
    (nl, fr, de)). A historical model from before the translation columns gets the English."""
    columns = {f.name for f in model._meta.get_fields()}
    values = {field: text} if field in columns else {}
    if f"{field}_en" not in columns:
        return values
    values[f"{field}_en"] = text
    for code, value in zip(OTHER_LANGUAGES, translations.get(text, ()), strict=False):
        values[f"{field}_{code}"] = value
    return values


def originals_to_english(model: Any, fields: Iterable[str]) -> None:
    """Copy each original column into its empty ``_en`` column (the text entered before the
    model had translations is English). For data migrations."""
    for field in fields:
        model.objects.filter(Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""})).update(
            **{f"{field}_en": F(field)}
        )


@invalidates("taxonomy")
def vocabularies_load(*, theme_model: Any, subject_model: Any, sector_model: Any) -> None:
    """Create or refresh every shared vocabulary, in the four languages. Idempotent.

    Takes the model classes so a migration can pass its historical models.
    """
    tr = data.TRANSLATIONS
    for position, (slug, name, description) in enumerate(data.PRIORITY_AREAS, start=1):
        theme_model.objects.update_or_create(
            slug=slug,
            defaults={
                **localized_values(theme_model, "name", name, tr),
                **localized_values(theme_model, "description", description, tr),
                "position": position,
                "source": data.SOURCE_COM_2006_136,
            },
        )
    for position, (slug, name) in enumerate(data.ISO26000_SUBJECTS, start=1):
        subject_model.objects.update_or_create(
            slug=slug,
            defaults={**localized_values(subject_model, "name", name, tr), "position": position},
        )
    for code, name in data.NACE_SECTORS:
        sector_model.objects.update_or_create(
            code=code, defaults=localized_values(sector_model, "name", name, tr)
        )


def vocabularies_load_current() -> None:
    from taxonomy.models import Iso26000Subject, Sector, Theme

    vocabularies_load(theme_model=Theme, subject_model=Iso26000Subject, sector_model=Sector)
