"""The one chart module: bar lengths match the figures shown, suppressed parts are drawn as such
with one legend entry, and chart text is never smaller than 12px."""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from stats import charts
from stats.suppression import THRESHOLD, Cell, State, Table

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"


def cell(value, state="shown"):
    return {"state": state, "value": value if state == "shown" else None}


# --- Geometry ------------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_the_figures():
    chart = charts.bars([("a", cell(50)), ("b", cell(100)), ("c", cell(25))], noisy=False)

    assert [bar.length for bar in chart.rows] == [50.0, 100.0, 25.0]
    assert [bar.text for bar in chart.rows] == ["50", "100", "25"]
    assert chart.legend == []


def test_a_small_cell_is_drawn_suppressed_up_to_the_most_it_can_be_with_one_legend_entry():
    chart = charts.bars(
        [("a", cell(None, "small")), ("b", cell(40)), ("c", cell(None, "small"))], noisy=False
    )

    small = chart.rows[0]
    assert small.suppressed and small.length == 100 * (THRESHOLD - 1) / 40
    assert small.text == "fewer than 5"
    assert [entry.key for entry in chart.legend] == [charts.SUPPRESSED]


def test_a_hidden_cell_has_no_bar_and_the_legend_says_why():
    chart = charts.bars([("a", cell(None, "hidden")), ("b", cell(40))], noisy=False)

    assert chart.rows[0].length == 0 and chart.rows[0].text == "hidden"
    assert [entry.key for entry in chart.legend] == [""]
    assert "hidden" in chart.legend[0].label


def test_a_stacked_bar_is_as_long_as_its_stated_total_with_one_suppressed_segment():
    table = Table(
        cells=[
            Cell(0, State.SHOWN, 10),
            Cell(1, State.SMALL, None),
            Cell(2, State.HIDDEN, None),
            Cell(3, State.SHOWN, 6),
        ],
        total=30,
        total_state=State.SHOWN,
    )
    full = Table(cells=[Cell(0, State.SHOWN, 40)], total=40, total_state=State.SHOWN)

    chart = charts.stacked(
        [("A", table), ("B", full)], {0: "zero", 1: "one", 2: "two", 3: "three"}, noisy=True
    )

    row = chart.rows[0]
    assert row.text == "30"
    assert [(s.key, s.length) for s in row.segments] == [
        (0, 25.0),
        (3, 15.0),
        (charts.SUPPRESSED, 35.0),  # 30 - 10 - 6 = 14 organisations, of 40
    ]
    assert row.length == 75.0 == 100 * 30 / 40
    # Segments follow each other without gap or overlap.
    assert [s.start for s in row.segments] == [0.0, 25.0, 40.0]
    assert chart.rows[1].length == 100.0
    assert [e.key for e in chart.legend] == [
        "status-0",
        "status-1",
        "status-2",
        "status-3",
        charts.SUPPRESSED,
    ]


def test_a_stacked_bar_with_a_small_total_is_drawn_suppressed_up_to_the_most_it_can_be():
    small = Table(cells=[Cell(0, State.SMALL, None)], total=None, total_state=State.SMALL)
    big = Table(cells=[Cell(0, State.SHOWN, 8)], total=8, total_state=State.SHOWN)

    chart = charts.stacked([("A", small), ("B", big)], {0: "zero"}, noisy=False)

    (segment,) = chart.rows[0].segments
    assert segment.suppressed and segment.length == 100 * (THRESHOLD - 1) / 8
    assert chart.rows[0].text == "fewer than 5"


def test_a_stacked_chart_without_suppression_has_no_suppressed_legend_entry():
    table = Table(cells=[Cell(0, State.SHOWN, 8)], total=8, total_state=State.SHOWN)

    chart = charts.stacked([("A", table)], {0: "zero"}, noisy=False)

    assert [e.key for e in chart.legend] == ["status-0"]


def test_column_labels_stand_under_every_column_once():
    rows = [(f"m{i}", cell(i)) for i in range(10)]

    chart = charts.columns(rows, noisy=True, label_every=3)

    assert [(label.text, label.span) for label in chart.labels] == [
        ("m0", 3),
        ("m3", 3),
        ("m6", 3),
        ("m9", 1),
    ]
    assert chart.rows[9].height == charts.COLUMN_HEIGHT
    assert chart.rows[9].y == 0
    assert chart.rows[3].height == round(charts.COLUMN_HEIGHT * 3 / 9, 1)
    assert all(c.start + c.width <= 100 for c in chart.rows)
    with pytest.raises(ValueError):
        charts.columns(rows, noisy=True, label_every=charts.MAX_LABEL_SPAN + 1)


# --- Text size --------------------------------------------------------------------------------


def _px(size: str) -> float:
    number = float(re.match(r"[\d.]+", size)[0])
    return number * 16 if size.endswith("rem") else number


def test_every_font_size_the_charts_set_is_at_least_12px():
    css = CSS.read_text(encoding="utf-8")
    sizes = [
        (selector.strip(), _px(size))
        for selector, body in re.findall(r"([^{}]*\.(?:chart|swatch)[^{}]*)\{([^}]*)\}", css)
        for size in re.findall(r"font-size:\s*([\d.]+(?:px|rem))", body)
    ]

    assert len(sizes) >= 3, sizes  # the caption, the chart body and the axis labels
    assert all(px >= 12 for _selector, px in sizes), sizes


# --- Templates --------------------------------------------------------------------------------


def test_the_bar_chart_writes_labels_and_figures_as_html_and_widths_as_percentages():
    chart = charts.bars(
        [("Business or sector association", cell(15)), ("Enterprise", cell(None, "small"))],
        noisy=True,
    )

    with translation.override("de"):  # a decimal comma must not reach the SVG
        html = render_to_string(
            "includes/bar_chart.html", {"chart": chart, "chart_id": "c", "title": "T"}
        )

    assert '<span class="chart-label">Business or sector association</span>' in html
    assert 'width="100.0%"' in html
    assert 'width="26.67%"' in html and 'class="chart-suppressed"' in html
    assert html.count('class="chart-note"') == 1
    assert html.count("<li>") == 1  # the legend: one entry for the suppressed bar
    assert 'role="img" aria-label="T. ' in html
    assert "viewBox" not in html  # the SVG never scales its text down


def test_the_stacked_chart_draws_the_suppressed_segment_and_no_suffix_on_any_bar():
    table = Table(
        cells=[Cell(0, State.SHOWN, 10), Cell(1, State.SMALL, None), Cell(2, State.HIDDEN, None)],
        total=20,
        total_state=State.SHOWN,
    )
    chart = charts.stacked([("1.1", table), ("1.2", table)], {0: "a", 1: "b", 2: "c"}, noisy=True)

    html = render_to_string(
        "includes/stacked_chart.html",
        {"chart": chart, "chart_id": "s", "title": "T", "desc": "D"},
    )

    assert html.count('class="chart-suppressed"') == 2  # one segment a bar
    assert html.count('class="swatch chart-suppressed"') == 1  # and one legend entry
    assert "suppressed: 10" in html
    assert "some cells suppressed" not in html
    assert html.count("Estimates:") == 1
    assert html.count('<span class="chart-value">20</span>') == 2


def test_the_column_chart_marks_a_hidden_column_and_explains_it_once():
    chart = charts.columns(
        [("Jan 2025", cell(10)), ("Feb 2025", cell(None, "hidden")), ("Mar 2025", cell(6))],
        noisy=False,
    )

    html = render_to_string(
        "includes/column_chart.html", {"chart": chart, "chart_id": "t", "title": "T"}
    )

    assert html.count('class="chart-mark">?</text>') == 1
    assert html.count("?: hidden") == 1
    assert '<span class="chart-label chart-span-3">Jan 2025</span>' in html
    assert "chart-note" not in html
    assert "viewBox" not in html
