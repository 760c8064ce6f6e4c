"""The site's one chart module: geometry for the server-rendered charts of suppressed counts.

Three kinds, each drawn by one include in ``templates/includes/``: :func:`bars`
(``bar_chart.html``), :func:`columns` (``column_chart.html``) and :func:`stacked`
(``stacked_chart.html``). Every chart is followed by a table of the same figures.

All text (labels, figures, legend) is HTML laid out by CSS, beside SVG shapes that have no
``viewBox``: on a phone the shapes get narrower, the text keeps its size and wraps instead of
shrinking or being clipped. So lengths here are percentages of the bar's track (bars, stacked
segments, columns' positions) or pixels of a fixed-height plot (columns' heights).

What is drawn, so that lengths always match the figures shown:

- a shown cell: its value;
- a small cell ("fewer than 5"): a grey, dashed "suppressed" shape up to THRESHOLD - 1, the
  most it can be;
- a hidden cell: nothing, its text says "hidden";
- in a stacked bar with a published total: the shown cells, then one suppressed segment for the
  rest (the total minus the shown cells, which a reader can work out anyway), so the bar is as
  long as its stated total.

The legend lists what a chart uses, once; ``noisy`` adds one note that the figures are
estimates with noise, rather than a remark on every bar.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stats.suppression import THRESHOLD, State, Table

COLUMN_HEIGHT = 180  # px: the plot of a column chart
SUPPRESSED = "suppressed"  # the key (and CSS class suffix) of suppressed shapes
MAX_LABEL_SPAN = 6  # column labels span 1 to 6 columns (CSS classes chart-span-1 … 6)


def cell_text(state: State | str, value: int | None) -> str:
    """A cell as a table shows it: the figure, or why it is not shown."""
    if state == State.SHOWN:
        return number_format(value, force_grouping=True)
    if state == State.SMALL:
        return _("fewer than %(n)s") % {"n": THRESHOLD}
    return _("hidden")


@dataclass(frozen=True)
class LegendEntry:
    key: str  # CSS class suffix of the swatch: chart-<key>, or "" for no swatch
    label: str


def _suppressed_entry() -> LegendEntry:
    return LegendEntry(
        SUPPRESSED,
        _("suppressed: fewer than %(n)s, or hidden so that such a figure cannot be worked out")
        % {"n": THRESHOLD},
    )


def _percent(value: float, top: float) -> float:
    return round(100 * value / top, 2) if top else 0.0


def _top(cells: Sequence[Mapping[str, Any]]) -> float:
    return float(max([c["value"] or 0 for c in cells] + [THRESHOLD]))


def _drawn(cell: Mapping[str, Any]) -> int:
    """How much of a cell is drawn: its value, the most a small cell can be, or nothing."""
    if cell["state"] == State.SHOWN:
        return cell["value"] or 0
    if cell["state"] == State.SMALL:
        return THRESHOLD - 1
    return 0


@dataclass(frozen=True)
class Bar:
    """One bar (or column): ``length`` in percent of the longest possible one."""

    label: str
    state: str
    value: int | None
    length: float
    text: str

    @property
    def suppressed(self) -> bool:
        return self.state == State.SMALL


@dataclass(frozen=True)
class BarChart:
    rows: list[Bar]
    legend: list[LegendEntry]
    noisy: bool


def _bar_rows(rows: Sequence[tuple[str, Mapping[str, Any]]], top: float | None = None) -> list[Bar]:
    top = top or _top([cell for _label, cell in rows])
    return [
        Bar(
            label=label,
            state=str(cell["state"]),
            value=cell["value"],
            length=_percent(_drawn(cell), top),
            text=cell_text(cell["state"], cell["value"]),
        )
        for label, cell in rows
    ]


def _legend_for(bars: Sequence[Bar], *, hidden: str) -> list[LegendEntry]:
    legend = []
    if any(bar.state == State.SMALL for bar in bars):
        legend.append(
            LegendEntry(
                SUPPRESSED,
                _("fewer than %(n)s: drawn up to %(most)s, the most it can be")
                % {"n": THRESHOLD, "most": THRESHOLD - 1},
            )
        )
    if any(bar.state == State.HIDDEN for bar in bars):
        legend.append(LegendEntry("", hidden))
    return legend


def bars(
    rows: Sequence[tuple[str, Mapping[str, Any]]], *, noisy: bool, top: float | None = None
) -> BarChart:
    """Horizontal bars, one per (label, cell) row; cells as in ``Table.as_dict()``. A bar's
    length is its share of ``top``: the largest figure (at least the threshold) unless given,
    as a score out of 100 is."""
    marks = _bar_rows(rows, top)
    legend = _legend_for(
        marks, hidden=_("hidden: not drawn, so that a small figure cannot be worked out")
    )
    return BarChart(rows=marks, legend=legend, noisy=noisy)


@dataclass(frozen=True)
class Column(Bar):
    start: float = 0.0  # percent of the plot's width
    width: float = 0.0  # percent of the plot's width

    @property
    def height(self) -> float:
        """Pixels of the plot."""
        return round(COLUMN_HEIGHT * self.length / 100, 1)

    @property
    def y(self) -> float:
        return round(COLUMN_HEIGHT - self.height, 1)

    @property
    def middle(self) -> float:
        return round(self.start + self.width / 2, 2)


@dataclass(frozen=True)
class AxisLabel:
    text: str
    span: int  # how many columns it stands under


@dataclass(frozen=True)
class ColumnChart:
    rows: list[Column]
    labels: list[AxisLabel]
    legend: list[LegendEntry]
    noisy: bool
    height: int = COLUMN_HEIGHT


def columns(
    rows: Sequence[tuple[str, Mapping[str, Any]]], *, noisy: bool, label_every: int = 3
) -> ColumnChart:
    """Vertical columns for a series over time; an axis label under every ``label_every``
    columns, each as wide as the columns it stands under (so it can wrap, never overlap)."""
    if not 1 <= label_every <= MAX_LABEL_SPAN:
        raise ValueError(f"label_every must be 1 to {MAX_LABEL_SPAN}")
    step = 100 / max(len(rows), 1)
    marks = [
        Column(
            label=bar.label,
            state=bar.state,
            value=bar.value,
            length=bar.length,
            text=bar.text,
            start=round(index * step + step * 0.15, 2),
            width=round(step * 0.7, 2),
        )
        for index, bar in enumerate(_bar_rows(rows))
    ]
    labels = [
        AxisLabel(text=rows[i][0], span=len(rows[i : i + label_every]))
        for i in range(0, len(rows), label_every)
    ]
    legend = _legend_for(marks, hidden=_("?: hidden, so that a small figure cannot be worked out"))
    return ColumnChart(rows=marks, labels=labels, legend=legend, noisy=noisy)


@dataclass(frozen=True)
class Segment:
    key: Hashable  # a status key, or SUPPRESSED
    start: float  # percent of the track
    length: float  # percent of the track
    text: str

    @property
    def suppressed(self) -> bool:
        return self.key == SUPPRESSED

    @property
    def css(self) -> str:
        """The class suffix of its colour: chart-status-<key>, or chart-suppressed."""
        return SUPPRESSED if self.suppressed else f"status-{self.key}"


@dataclass(frozen=True)
class StackedRow:
    label: str
    segments: list[Segment]
    text: str  # the row's total as shown

    @property
    def length(self) -> float:
        return round(sum(segment.length for segment in self.segments), 2)


@dataclass(frozen=True)
class StackedChart:
    rows: list[StackedRow]
    legend: list[LegendEntry]
    noisy: bool


def _stacked_row(label: str, table: Table, keys: Mapping[Hashable, str], top: float) -> StackedRow:
    segments = []
    start = 0.0
    shown_sum = 0
    for cell in table.cells:
        if not cell.shown or not cell.value:
            continue
        length = _percent(cell.value, top)
        figure = number_format(cell.value, force_grouping=True)
        segments.append(
            Segment(cell.key, round(start, 2), length, f"{keys.get(cell.key, cell.key)}: {figure}")
        )
        start += length
        shown_sum += cell.value
    if table.total_state == State.SHOWN:
        rest = max((table.total or 0) - shown_sum, 0)
    elif any(not cell.shown for cell in table.cells):
        rest = THRESHOLD - 1  # the total is "fewer than 5": drawn up to the most it can be
    else:
        rest = 0
    if rest:
        text = _("suppressed: %(n)s") % {"n": number_format(rest, force_grouping=True)}
        if table.total_state != State.SHOWN:
            text = _("suppressed: fewer than %(n)s") % {"n": THRESHOLD}
        segments.append(Segment(SUPPRESSED, round(start, 2), _percent(rest, top), text))
    return StackedRow(
        label=label, segments=segments, text=cell_text(table.total_state, table.total)
    )


def stacked(
    rows: Sequence[tuple[str, Table]], keys: Mapping[Hashable, str], *, noisy: bool
) -> StackedChart:
    """One bar per row, a segment per shown cell and one for what suppression left out, so
    each bar is as long as the total written beside it."""
    top = float(max([table.total or 0 for _label, table in rows] + [THRESHOLD - 1, 1]))
    out = [_stacked_row(label, table, keys, top) for label, table in rows]
    legend = [LegendEntry(f"status-{key}", label) for key, label in keys.items()]
    if any(segment.suppressed for row in out for segment in row.segments):
        legend.append(_suppressed_entry())
    return StackedChart(rows=out, legend=legend, noisy=noisy)
