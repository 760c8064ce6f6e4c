"""What a search answers: the page of practices and the facets with their labels and links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import ceil

from django.utils import translation
from django.utils.translation import gettext

import pagecache
from knowledge.models import Audience, Language, Practice, PracticeType
from knowledge.search.query import FACETS, Params
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Sector, Theme


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class Results:
    params: Params
    total: int
    practices: list[Practice]
    facets: list[Facet]
    corrected: str = ""
    relaxed: bool = False

    @property
    def suggestion(self) -> str:
        """The corrected query the results are for, when the words as typed found nothing."""
        return self.corrected

    @property
    def original_query(self) -> str:
        return self.params.querystring()

    @property
    def suggestion_query(self) -> str:
        return self.params.querystring(q=self.corrected)

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.params.page_size))

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    def page_url(self, page: int) -> str:
        return "?" + self.params.querystring(with_page=True, page=page)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.params.page - 1)

    @property
    def next_url(self) -> str:
        return self.page_url(self.params.page + 1)


def facet_list(params: Params, counts: dict[str, Counter[str]]) -> list[Facet]:
    """Every facet with the values that have matches or are selected, labelled, in order."""
    labels = _labels()
    facets = []
    for name, label in FACETS.items():
        counted = counts.get(name, Counter())
        chosen = set(params.filters.get(name, []))
        values = [
            FacetValue(
                value=value,
                label=value_label,
                count=counted.get(value, 0),
                selected=value in chosen,
                toggle_url="?" + params.toggled(name, value),
            )
            for value, value_label in labels[name]
            if counted.get(value) or value in chosen
        ]
        facets.append(Facet(name=name, label=str(label), values=values))
    return facets


def _labels() -> dict[str, list[tuple[str, str]]]:
    """Every facet value's label in the active language, kept in the cache until the taxonomy
    changes."""
    key = f"knowledge:facet-labels:{translation.get_language()}"
    return pagecache.remember(key, ["taxonomy"], _read_labels)


def _read_labels() -> dict[str, list[tuple[str, str]]]:
    return {
        "type": [(v, str(label)) for v, label in PracticeType.choices],
        "theme": [(v, gettext(n)) for v, n in Theme.objects.values_list("slug", "name")],
        "iso26000": [
            (v, gettext(n)) for v, n in Iso26000Subject.objects.values_list("slug", "name")
        ],
        "audience": [(v, str(label)) for v, label in Audience.choices],
        "sector": [
            (code, f"{code} – {gettext(name)}")
            for code, name in Sector.objects.values_list("code", "name")
        ],
        "country": [(v, str(label)) for v, label in Country.choices],
        "language": [(v, str(label)) for v, label in Language.choices],
    }
