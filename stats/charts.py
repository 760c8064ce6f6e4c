"""Geometry for server-rendered SVG charts of suppressed counts.

The templates in ``templates/includes/`` draw the SVG (``bar_chart.html``, ``column_chart.html``,
``stacked_chart.html``); every chart is shown with a table of the same figures next to it, for
screen readers and for people who would rather read.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stats.suppression import THRESHOLD, State, Table

WIDTH = 640
ROW = 44  # a label line above each bar
BAR = 18
COLUMN_HEIGHT = 180


@dataclass(frozen=True)
class Mark:
    label: str
    state: str
    value: int | None
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


def _scale(cells: list[dict[str, Any]]) -> float:
    top = max([c["value"] or 0 for c in cells] + [THRESHOLD])
    return float(top)


def cell_text(state: State | str, value: int | None) -> str:
    """A cell as a table shows it: the figure, or why it is not shown."""
    if state == State.SHOWN:
        return number_format(value, force_grouping=True)
    if state == State.SMALL:
        return _("fewer than %(n)s") % {"n": THRESHOLD}
    return _("hidden")


def _length(cell: dict[str, Any], full: float, top: float, *, outline_small: bool = True) -> float:
    """How long a cell's bar or column is: its value, or "fewer than 5" drawn as an outline for
    a small cell, or nothing."""
    if cell["state"] == State.SHOWN:
        return full * (cell["value"] or 0) / top
    if cell["state"] == State.SMALL and outline_small:
        return full * (THRESHOLD - 1) / top
    return 0.0


def bars(rows: list[tuple[str, dict[str, Any]]], *, outline_small: bool = True) -> dict[str, Any]:
    """Horizontal bars, one per (label, cell) row; cells as in ``Table.as_dict()``.

    A small cell is drawn as a dashed outline up to "fewer than 5", or not at all when
    ``outline_small`` is false (the chart's description then says so)."""
    top = _scale([cell for _, cell in rows])
    usable = WIDTH - 140
    marks = []
    for index, (label, cell) in enumerate(rows):
        value = cell["value"]
        width = _length(cell, usable, top, outline_small=outline_small)
        y = index * ROW
        marks.append(
            Mark(
                label=label,
                state=cell["state"],
                value=value,
                x=0,
                y=y + 18,
                width=round(width, 1),
                height=BAR,
                label_x=0,
                label_y=y + 13,
                value_x=round(width + 6, 1),
                value_y=y + 32,
            )
        )
    return {"width": WIDTH, "height": max(len(rows) * ROW, ROW), "marks": marks}


def columns(rows: list[tuple[str, dict[str, Any]]], *, label_every: int = 3) -> dict[str, Any]:
    """Vertical columns for a series over time, labelled every ``label_every`` columns."""
    top = _scale([cell for _, cell in rows])
    step = WIDTH / max(len(rows), 1)
    marks = []
    for index, (label, cell) in enumerate(rows):
        value = cell["value"]
        height = _length(cell, COLUMN_HEIGHT, top)
        x = index * step
        marks.append(
            Mark(
                label=label if index % label_every == 0 else "",
                state=cell["state"],
                value=value,
                x=round(x + step * 0.15, 1),
                y=round(COLUMN_HEIGHT - height, 1),
                width=round(step * 0.7, 1),
                height=round(height, 1),
                label_x=round(x, 1),
                label_y=COLUMN_HEIGHT + 16,
                value_x=round(x + step / 2, 1),
                value_y=round(COLUMN_HEIGHT - height - 4, 1),
            )
        )
    return {"width": WIDTH, "height": COLUMN_HEIGHT + 24, "marks": marks}


STACKED_WIDTH = 780
STACKED_LABEL_WIDTH = 200  # labels to the left of the bars
STACKED_AREA = 360
STACKED_ROW = 28


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
        return self.y + (STACKED_ROW - BAR) // 2

    @property
    def text_y(self) -> int:
        return self.y + STACKED_ROW // 2 + 5


@dataclass(frozen=True)
class StackedChart:
    rows: list[StackedRow]
    height: int
    keys: list[tuple[Hashable, str]]
    width: int = STACKED_WIDTH
    label_width: int = STACKED_LABEL_WIDTH
    bar_height: int = BAR


def stacked(rows: list[tuple[str, Table]], keys: Mapping[Hashable, str]) -> StackedChart:
    """One bar per row, a segment per shown cell; the note gives the row's total. Suppressed
    cells are not drawn."""
    top = max([table.total or 0 for _label, table in rows] + [1])
    out = []
    for index, (label, table) in enumerate(rows):
        x = float(STACKED_LABEL_WIDTH)
        segments = []
        for cell in table.cells:
            if not cell.shown or not cell.value:
                continue
            width = STACKED_AREA * cell.value / top
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
                label=label,
                y=index * STACKED_ROW,
                segments=segments,
                note=note,
                note_x=round(x + 6, 1),
            )
        )
    return StackedChart(rows=out, height=max(len(rows), 1) * STACKED_ROW, keys=list(keys.items()))
