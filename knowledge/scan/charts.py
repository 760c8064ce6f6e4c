"""The score profile as the site's bar chart (``stats.charts.bars``, drawn by
``templates/includes/bar_chart.html``)."""

from __future__ import annotations

from knowledge.scan.selectors import Result
from stats import charts

FULL = 100


def score_chart(result: Result) -> charts.BarChart:
    """One bar per section, its length the score out of 100 (not out of the best section, as
    the counts' charts scale: a profile of low scores must look low). Scores are the
    organisation's own, exact figures: no noise."""
    rows = [(row.section.title, {"state": "shown", "value": row.percent}) for row in result.rows]
    return charts.bars(rows, noisy=False, top=FULL)
