"""Geometry for server-rendered SVG charts of suppressed counts.

The templates in ``templates/includes/`` draw the SVG; every chart is shown with a table of
the same figures next to it, for screen readers and for people who would rather read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stats.suppression import THRESHOLD, State

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


def bars(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Horizontal bars, one per (label, cell) row; cells as in ``Table.as_dict()``."""
    top = _scale([cell for _, cell in rows])
    usable = WIDTH - 140
    marks = []
    for index, (label, cell) in enumerate(rows):
        value = cell["value"]
        if cell["state"] == State.SHOWN:
            width = usable * (value or 0) / top
        elif cell["state"] == State.SMALL:
            width = usable * (THRESHOLD - 1) / top  # drawn as an outline up to "fewer than 5"
        else:
            width = 0.0
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
        if cell["state"] == State.SHOWN:
            height = COLUMN_HEIGHT * (value or 0) / top
        elif cell["state"] == State.SMALL:
            height = COLUMN_HEIGHT * (THRESHOLD - 1) / top
        else:
            height = 0.0
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
