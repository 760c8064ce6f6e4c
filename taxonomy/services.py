"""Loading the shared vocabularies, for seed_demo and the tests (the data migrations carry their
own frozen copies)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pagecache import invalidates
from taxonomy import data, nace
from taxonomy.models import Iso26000Subject, Sector, Theme

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


@invalidates("taxonomy")
def vocabularies_load() -> None:
    """Create or refresh every shared vocabulary, in the four languages. Idempotent."""
    tr = data.TRANSLATIONS
    for position, (slug, name, description) in enumerate(data.PRIORITY_AREAS, start=1):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={
                **localized_values(Theme, "name", name, tr),
                **localized_values(Theme, "description", description, tr),
                "position": position,
                "source": data.SOURCE_COM_2006_136,
            },
        )
    for position, (slug, name) in enumerate(data.ISO26000_SUBJECTS, start=1):
        Iso26000Subject.objects.update_or_create(
            slug=slug,
            defaults={**localized_values(Iso26000Subject, "name", name, tr), "position": position},
        )
    sections = {}
    for code, name in data.NACE_SECTORS:
        sections[code], _created = Sector.objects.update_or_create(
            code=code, defaults={**localized_values(Sector, "name", name, tr), "parent": None}
        )
    for code, name, *translated in nace.NACE_DIVISIONS:
        Sector.objects.update_or_create(
            code=code,
            defaults={
                **localized_values(Sector, "name", name, {name: tuple(translated)}),
                "parent": sections[code[0]],
            },
        )
