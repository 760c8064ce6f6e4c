"""Small-cell suppression for published counts of organisations.

A cell with fewer than ``THRESHOLD`` organisations (but more than none) is shown as "fewer than
5" (primary suppression). Where a published total makes the cells add up, hiding one small cell
is not enough — the total minus the other cells gives it back — so further cells are hidden
(complementary suppression) until no hidden cell can be worked out exactly from what is shown.

What a reader knows of a hidden cell: a small cell holds 1 to THRESHOLD - 1; a complementary
cell holds THRESHOLD or more; together they add up to the total minus the shown cells. A hidden
cell is safe when those facts still leave it more than one possible value.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum

THRESHOLD = 5


class State(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # fewer than THRESHOLD: shown as "fewer than 5"
    HIDDEN = "hidden"  # large enough, but hidden so that a small cell cannot be worked out


@dataclass(frozen=True)
class Cell:
    key: Hashable
    state: State
    value: int | None  # None unless shown

    @property
    def shown(self) -> bool:
        return self.state == State.SHOWN


@dataclass(frozen=True)
class Table:
    cells: list[Cell]
    total: int | None  # None when the total itself is small
    total_state: State

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "total_state": str(self.total_state),
            "cells": [
                {"key": cell.key, "state": str(cell.state), "value": cell.value}
                for cell in self.cells
            ],
        }


def _bounds(state: State, remainder: int) -> tuple[int, int]:
    if state == State.SMALL:
        return 1, THRESHOLD - 1
    return THRESHOLD, remainder


def _disclosed(hidden: dict[Hashable, State], remainder: int) -> bool:
    """Whether any hidden cell has exactly one possible value, given that they add up to
    ``remainder`` (the published total minus the shown cells)."""
    if not hidden:
        return False
    bounds = {key: _bounds(state, remainder) for key, state in hidden.items()}
    low_sum = sum(low for low, _ in bounds.values())
    high_sum = sum(high for _, high in bounds.values())
    for low, high in bounds.values():
        lowest = max(low, remainder - (high_sum - high))
        highest = min(high, remainder - (low_sum - low))
        if lowest >= highest:
            return True
    return False


def suppress(counts: Mapping[Hashable, int], *, additive: bool = True) -> Table:
    """Suppress ``counts`` (key → number of organisations) for publication.

    ``additive`` says the cells add up to the published total, as a breakdown by country does;
    a breakdown where one organisation may sit in several cells (priority areas) is not additive,
    has no total, and needs no complementary suppression.
    """
    total = sum(counts.values())
    small = {key for key, count in counts.items() if 0 < count < THRESHOLD}
    hidden: dict[Hashable, State] = dict.fromkeys(small, State.SMALL)
    total_small = additive and 0 < total < THRESHOLD
    if additive and not total_small:
        # Hide the smallest shown cells, one at a time, until nothing hidden can be worked out.
        candidates = sorted(
            (key for key, count in counts.items() if key not in hidden and count > 0),
            key=lambda key: (counts[key], str(key)),
        )
        remainder = sum(counts[key] for key in hidden)
        while _disclosed(hidden, remainder) and candidates:
            key = candidates.pop(0)
            hidden[key] = State.HIDDEN
            remainder += counts[key]
        if _disclosed(hidden, remainder):
            # Even hiding every cell leaves one determined: hide the total as well.
            total_small = True
    cells = [
        Cell(key=key, state=hidden.get(key, State.SHOWN), value=None if key in hidden else count)
        for key, count in counts.items()
    ]
    if not additive:
        return Table(cells=cells, total=None, total_state=State.HIDDEN)
    if total_small:
        return Table(cells=cells, total=None, total_state=State.SMALL)
    return Table(cells=cells, total=total, total_state=State.SHOWN)
