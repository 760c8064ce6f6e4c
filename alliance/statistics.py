"""Turning a statistics snapshot into labelled tables and charts for the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from stats import charts
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector, Theme


def _labels(dimension: str, keys: list[str]) -> dict[str, str]:
    if dimension == "country":
        names = dict(Country.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if dimension == "size_class":
        names = dict(SizeClass.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if dimension == "sector":
        names = dict(Sector.objects.filter(code__in=keys).values_list("code", "name"))
        return {k: (f"{k} – {_(names[k])}" if k in names else _("Sector not given")) for k in keys}
    if dimension == "priority_area":
        names = dict(Theme.objects.filter(slug__in=keys).values_list("slug", "name"))
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
            "Declarations made in each of the last 24 months, counted when they were "
            "made; later withdrawals do not change these figures."
        ),
    }
    sections = []
    for dimension, kind in SECTIONS:
        table = data[dimension]
        cells = table["cells"]
        if dimension in {"country", "sector"}:
            cells = sorted(cells, key=lambda c: (-(c["value"] or 0), str(c["key"])))
        labels = _labels(dimension, [c["key"] for c in cells])
        rows = [(labels[c["key"]], c) for c in cells]
        chart = charts.columns(rows) if kind == "columns" else charts.bars(rows)
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
        "computed_at": dt.datetime.fromisoformat(data["computed_at"]),
        "total": data["total"]["cells"][0],
        "sections": sections,
    }
