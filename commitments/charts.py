"""Geometry for the dashboard's server-rendered SVG charts. Suppressed cells are not drawn:
their bar is left out and its label says why; the table beside each chart has every figure."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stats.suppression import THRESHOLD, Cell, State, Table

WIDTH = 780
LABEL_WIDTH = 200
BAR_AREA = 360
ROW = 28
BAR = 18


def cell_text(state: State | str, value: int | None) -> str:
    if state == State.SHOWN:
        return number_format(value, force_grouping=True)
    if state == State.SMALL:
        return _("fewer than %(n)s") % {"n": THRESHOLD}
    return _("hidden")


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float
    text_x: float

    @property
    def bar_y(self) -> int:
        return self.y + (ROW - BAR) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 5


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR


def bar_chart(rows: list[tuple[str, Cell]]) -> BarChart:
    top = max([cell.value or 0 for _label, cell in rows] + [1])
    bars = []
    for index, (label, cell) in enumerate(rows):
        width = BAR_AREA * (cell.value or 0) / top if cell.shown else 0
        bars.append(
            Bar(
                label=label,
                text=cell_text(cell.state, cell.value),
                y=index * ROW,
                width=round(width, 1),
                text_x=round(LABEL_WIDTH + width + 6, 1),
            )
        )
    return BarChart(bars=bars, height=max(len(rows), 1) * ROW)


@dataclass(frozen=True)
class Segment:
    key: Hashable
    x: float
    width: float
    text: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    y: int
    segments: list[Segment]
    note: str
    note_x: float

    @property
    def bar_y(self) -> int:
        return self.y + (ROW - BAR) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 5


@dataclass(frozen=True)
class StackedChart:
    rows: list[StackedRow]
    height: int
    keys: list[tuple[Hashable, str]]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR


def stacked_chart(rows: list[tuple[str, Table]], keys: Mapping[Hashable, str]) -> StackedChart:
    """One bar per row, a segment per shown cell; the note gives the row's total."""
    top = max([table.total or 0 for _label, table in rows] + [1])
    out = []
    for index, (label, table) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for cell in table.cells:
            if not cell.shown or not cell.value:
                continue
            width = BAR_AREA * cell.value / top
            figure = number_format(cell.value, force_grouping=True)
            segments.append(
                Segment(
                    key=cell.key,
                    x=round(x, 1),
                    width=round(width, 1),
                    text=f"{keys.get(cell.key, cell.key)}: {figure}",
                )
            )
            x += width
        hidden = any(c.state != State.SHOWN for c in table.cells)
        note = cell_text(table.total_state, table.total)
        if hidden and table.total_state == State.SHOWN:
            note = _("%(total)s (some cells suppressed)") % {"total": table.total}
        out.append(
            StackedRow(
                label=label, y=index * ROW, segments=segments, note=note, note_x=round(x + 6, 1)
            )
        )
    return StackedChart(rows=out, height=max(len(rows), 1) * ROW, keys=list(keys.items()))
