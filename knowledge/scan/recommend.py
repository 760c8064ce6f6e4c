"""Practices recommended for a weak section: published practices of the library in the
section's priority area (or ISO 26000 subject), in the reader's language, meant for the
organisation's size (audience SME or large enterprise, or no audience named) and its sector (or
for no sector in particular), those of its sector first, then the newest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from knowledge.models import Audience, Practice
from knowledge.scan.models import Section
from taxonomy.choices import SizeClass

SHOWN = 3
# Enough candidates to find SHOWN whose audience fits after the database's cut.
CANDIDATES = 40


def audience_of(size_class: str) -> str:
    return Audience.LARGE if size_class == SizeClass.LARGE else Audience.SME


def _sector_codes(sector: Any) -> Q:
    code = sector.code
    return Q(sector__code__in={code, code[:1]}) | Q(sector__code__startswith=code)


@dataclass(frozen=True)
class Recommendation:
    section: Section
    practices: list[Practice]
    library_url: str


def library_url(section: Section, *, audience: str, language: str) -> str:
    pairs = []
    if section.theme_id:
        pairs.append(("theme", section.theme.slug))
    elif section.iso26000_id:
        pairs.append(("iso26000", section.iso26000.slug))
    pairs += [("audience", audience), ("language", language)]
    return f"{reverse('knowledge:index')}?{urlencode(pairs)}"


def _candidates(section: Section, *, sector: Any, language: str) -> list[dict[str, Any]]:
    qs = Practice.objects.published().filter(language=language)
    if section.theme_id:
        qs = qs.filter(themes=section.theme_id)
    elif section.iso26000_id:
        qs = qs.filter(iso26000=section.iso26000_id)
    else:
        return []
    tagged = Practice.sectors.through.objects.filter(practice=OuterRef("pk"))
    if sector is not None:
        qs = qs.annotate(
            for_sector=Exists(tagged.filter(_sector_codes(sector))),
            any_sector=Exists(tagged),
        ).filter(Q(for_sector=True) | Q(any_sector=False))
        order = ["-for_sector", "-published_at", "pk"]
    else:
        order = ["-published_at", "pk"]
    return list(qs.order_by(*order).values("pk", "audience")[:CANDIDATES])


def recommendations_for(
    sections: Iterable[Section], *, organisation: Any, language: str, limit: int = SHOWN
) -> list[Recommendation]:
    """For each section, up to ``limit`` practices: a read per section and one for all the
    practices shown."""
    audience = audience_of(organisation.size_class)
    language = (language or "en")[:2]
    picked: list[tuple[Section, list[int]]] = []
    for section in sections:
        pks = [
            row["pk"]
            for row in _candidates(section, sector=organisation.sector, language=language)
            if not row["audience"] or audience in row["audience"]
        ][:limit]
        picked.append((section, pks))
    wanted = {pk for _, pks in picked for pk in pks}
    by_pk = (
        Practice.objects.only("slug", "title", "summary", "type", "language").in_bulk(wanted)
        if wanted
        else {}
    )
    return [
        Recommendation(
            section=section,
            practices=[by_pk[pk] for pk in pks if pk in by_pk],
            library_url=library_url(section, audience=audience, language=language),
        )
        for section, pks in picked
    ]
