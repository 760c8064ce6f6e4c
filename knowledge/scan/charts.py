"""The score profile as the site's bar chart (``stats.charts.bars``, drawn by
``templates/includes/bar_chart.html``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from knowledge.scan.selectors import Result
from stats import charts

FULL = 100


def score_chart(result: Result) -> dict[str, Any]:
    """One bar per section, its length the score out of 100 (not out of the best section, as
    the counts' charts scale: a profile of low scores must look low)."""
    rows = [(row.section.title, {"state": "shown", "value": row.percent}) for row in result.rows]
    chart = charts.bars(rows)
    top = max([row.percent for row in result.rows] + [charts.THRESHOLD])
    factor = top / FULL
    chart["marks"] = [
        dataclasses.replace(
            mark, width=round(mark.width * factor, 1), value_x=round(mark.width * factor + 6, 1)
        )
        for mark in chart["marks"]
    ]
    return chart
