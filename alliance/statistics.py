"""The Alliance's public figures: the counts (exact, never published), the release (noisy,
then post-processed and suppressed), and the labelled tables and charts of the page.

Counting and releasing are pure functions of plain rows, so the attack tests can run them
thousands of times without a database.

Sensitivity: one organisation moves the total, one country cell, one size cell, one sector
cell, one month of the trend and each priority area it chose (at most all of them) by one:
an L1 sensitivity of ``5 + number of priority areas`` (15 with the ten priority areas). Every
cell gets discrete Laplace noise of scale ``sensitivity / epsilon``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from stats import charts, privacy
from stats.suppression import suppress
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector, Theme

Counts = dict[str, dict[str, int]]
PARTITIONS = ("country", "size_class", "sector")  # each organisation sits in exactly one cell


@dataclass(frozen=True)
class Supporter:
    """One declaration, as the figures see it: attributes only, no name or id."""

    country: str
    size_class: str
    sector: str  # "" when not given
    priority_areas: frozenset[str]
    month: str  # "YYYY-MM" of the declaration


@dataclass(frozen=True)
class Keys:
    """Every cell the release has, whatever the data: a cell that appeared only once someone
    declared would itself tell."""

    countries: Sequence[str]
    sizes: Sequence[str]
    sectors: Sequence[str]
    priority_areas: Sequence[str]
    months: Sequence[str]

    @property
    def sensitivity(self) -> int:
        return 5 + len(self.priority_areas)


def statistics_counts(supporters: Iterable[Supporter], *, keys: Keys) -> Counts:
    """The exact counts. Never published as they are."""
    counts: Counts = {
        "total": {"all": 0},
        "country": dict.fromkeys(keys.countries, 0),
        "size_class": dict.fromkeys(keys.sizes, 0),
        "sector": dict.fromkeys(keys.sectors, 0),
        "priority_area": dict.fromkeys(keys.priority_areas, 0),
        "trend": dict.fromkeys(keys.months, 0),
    }
    for s in supporters:
        counts["total"]["all"] += 1
        for table, key in (("country", s.country), ("size_class", s.size_class)):
            counts[table][key] = counts[table].get(key, 0) + 1
        sector = s.sector if s.sector in counts["sector"] else ""
        counts["sector"][sector] = counts["sector"].get(sector, 0) + 1
        for area in s.priority_areas:
            if area in counts["priority_area"]:
                counts["priority_area"][area] += 1
        if s.month in counts["trend"]:
            counts["trend"][s.month] += 1
    return counts


def statistics_privatise(counts: Counts, *, epsilon: float, sensitivity: int) -> Counts:
    """Noise on every cell, then non-negative integers whose parts add up to the total."""
    scale = privacy.scale_for(epsilon=epsilon, sensitivity=sensitivity)
    noisy = {table: privacy.noisy(cells, scale=scale) for table, cells in counts.items()}
    total = max(0, noisy["total"]["all"])
    out: Counts = {"total": {"all": total}}
    for table in PARTITIONS:
        out[table] = privacy.consistent(total, noisy[table])
    # Priority areas overlap (several per organisation, or none) and the trend covers two
    # years only: neither adds up to the total.
    out["priority_area"] = privacy.non_negative(noisy["priority_area"])
    trend = privacy.non_negative(noisy["trend"])
    # The trend counts part of the supporters: never more than the total.
    out["trend"] = privacy.consistent(min(sum(trend.values()), total), trend)
    return out


def statistics_tables(counts: Counts) -> dict[str, Any]:
    """The published tables: small cells suppressed (for readability; the guarantee is the
    noise)."""
    return {
        "total": suppress(counts["total"]).as_dict(),
        **{table: suppress(counts[table]).as_dict() for table in PARTITIONS},
        "priority_area": suppress(counts["priority_area"], additive=False).as_dict(),
        "trend": suppress(counts["trend"]).as_dict(),
    }


def statistics_release(
    supporters: Iterable[Supporter], *, keys: Keys, epsilon: float
) -> dict[str, Any]:
    """The figures of one release, ready to store."""
    sensitivity = keys.sensitivity
    counts = statistics_privatise(
        statistics_counts(supporters, keys=keys), epsilon=epsilon, sensitivity=sensitivity
    )
    return {
        **statistics_tables(counts),
        "sensitivity": sensitivity,
        "noise_scale": privacy.scale_for(epsilon=epsilon, sensitivity=sensitivity),
    }


def _labels(dimension: str, keys: list[str]) -> dict[str, str]:
    if dimension == "country":
        names = dict(Country.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if dimension == "size_class":
        names = dict(SizeClass.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if dimension == "sector":
        # All of them (a few dozen rows): one query however many cells the noise left above zero.
        names = dict(Sector.objects.values_list("code", "name"))
        return {k: (f"{k} – {_(names[k])}" if k in names else _("Sector not given")) for k in keys}
    if dimension == "priority_area":
        names = dict(Theme.objects.values_list("slug", "name"))
        return {k: _(names.get(k, k)) for k in keys}
    if dimension == "trend":
        return {k: date_format(dt.date.fromisoformat(f"{k}-01"), "M Y") for k in keys}
    return {k: k for k in keys}


SECTIONS = [
    ("priority_area", "bars"),
    ("country", "bars"),
    ("size_class", "bars"),
    ("sector", "bars"),
    ("trend", "columns"),
]


def statistics_for_display(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """``data``: a release's public JSON (``Release.as_public``)."""
    if data is None:
        return None
    titles = {
        "priority_area": _("Supporters by priority area"),
        "country": _("Supporters by country"),
        "size_class": _("Supporters by size"),
        "sector": _("Supporters by sector"),
        "trend": _("New declarations per month"),
    }
    notes = {
        "priority_area": _("An organisation may choose several priority areas, or none."),
        "trend": _(
            "Today's supporters by the month in which they declared, over the last 24 months."
        ),
    }
    sections = []
    for dimension, kind in SECTIONS:
        table = data[dimension]
        cells = table["cells"]
        if dimension in {"country", "sector"}:
            # Every country and sector has a cell in the release; the page lists those above
            # zero.
            cells = [c for c in cells if c["state"] != "shown" or c["value"]]
            cells = sorted(cells, key=lambda c: (-(c["value"] or 0), str(c["key"])))
        labels = _labels(dimension, [c["key"] for c in cells])
        rows = [(labels[c["key"]], c) for c in cells]
        # A release: every figure has noise (see statistics_privatise).
        if kind == "columns":
            chart: charts.ColumnChart | charts.BarChart = charts.columns(rows, noisy=True)
        else:
            chart = charts.bars(rows, noisy=True)
        sections.append(
            {
                "id": dimension.replace("_", "-"),
                "title": titles[dimension],
                "note": notes.get(dimension, ""),
                "kind": kind,
                "rows": rows,
                "chart": chart,
                "total": table["total"],
                "total_state": table["total_state"],
            }
        )
    return {
        "released_at": dt.datetime.fromisoformat(data["released_at"]),
        "epsilon": data["epsilon"],
        "total": data["total"]["cells"][0],
        "sections": sections,
    }
