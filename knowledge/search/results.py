"""What a search answers: the page of practices and the facets with their labels and links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from math import ceil

from django.utils import translation
from django.utils.translation import gettext

from knowledge.models import Audience, Language, Practice, PracticeType
from knowledge.search import hierarchy, shared
from knowledge.search.query import FACETS, Params
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Sector, Theme

# A facet with more values than TOP + SPARE shows its TOP values by count, the rest on demand.
TOP = 5
SPARE = 2


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    # The values it holds (a NACE section's divisions), shown beneath it.
    children: list[FacetValue] = field(default_factory=list)
    # The search and the facet it belongs to: what ``toggle_url`` is made from.
    params: Params | None = field(default=None, repr=False, compare=False)
    facet: str = ""

    @property
    def toggle_url(self) -> str:
        """The search with this value chosen, or no longer chosen. Computed on demand: a page
        links only the chosen values, out of some seventy."""
        return "?" + self.params.toggled(self.facet, self.value) if self.params else ""

    @property
    def pinned(self) -> bool:
        """Chosen, or holding a chosen value: never tucked away."""
        return self.selected or any(child.selected for child in self.children)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for value in self.values for v in (value, *value.children) if v.selected]

    @property
    def flat(self) -> list[tuple[FacetValue, FacetValue | None]]:
        """Every value with the value holding it (or None), parents before their children."""
        return [
            (v, parent)
            for value in self.values
            for v, parent in ((value, None), *((c, value) for c in value.children))
        ]

    @property
    def _split(self) -> bool:
        return len(self.values) > TOP + SPARE

    @property
    def top(self) -> list[FacetValue]:
        """What the facet shows at first: every value, or for a long facet the TOP values by
        count (and any chosen one), most first."""
        if not self._split:
            return self.values
        best = sorted(self.values, key=lambda v: -v.count)[:TOP]
        return sorted([v for v in self.values if v in best or v.pinned], key=lambda v: -v.count)

    @property
    def more(self) -> list[FacetValue]:
        """The rest of a long facet, in the facet's own order."""
        shown = {id(v) for v in self.top}
        return [v for v in self.values if id(v) not in shown]


@dataclass
class Results:
    params: Params
    total: int
    practices: list[Practice]
    facets: list[Facet]
    corrected: str = ""
    relaxed: bool = False
    # The total and the facet counts are estimates (PostgreSQL, a word in many practices).
    estimated: bool = False

    @property
    def selected_count(self) -> int:
        """How many filter values are chosen (what the "Filter" disclosure says)."""
        return sum(len(facet.selected) for facet in self.facets)

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
    """Every facet with the values that have matches or are selected, labelled, in order; a
    hierarchical facet's children beneath their parents."""
    labels = _labels()
    tree = hierarchy.tree()
    facets = []
    for name, label in FACETS.items():
        counted = counts.get(name, Counter())
        chosen = set(params.filters.get(name, []))
        values = {
            value: FacetValue(
                value=value,
                label=value_label,
                count=counted.get(value, 0),
                selected=value in chosen,
                params=params,
                facet=name,
            )
            for value, value_label in labels[name]
            if counted.get(value) or value in chosen
        }
        parents = tree.get(name, {})
        for parent, children in parents.items():
            if parent in values:
                values[parent].children = [values.pop(c) for c in children if c in values]
        facets.append(Facet(name=name, label=str(label), values=list(values.values())))
    return facets


def _labels() -> dict[str, list[tuple[str, str]]]:
    """Every facet value's label in the active language, kept in the cache until the taxonomy
    changes."""
    key = f"knowledge:facet-labels:{translation.get_language()}"
    return shared.remember(key, ["taxonomy"], _read_labels)


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
