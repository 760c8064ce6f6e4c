"""Facet values that hold others: a NACE section holds its divisions.

A practice tagged with a division (``C25``) is found by its section (``sector=C``) and counted
under it, on both engines, without either engine knowing: ``widened`` adds a selected
section's divisions to the filter (values of one facet combine with OR), and ``facets.tally``
counts a section for every match holding it or any of its divisions (``roll_up``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from knowledge.search import shared
from knowledge.search.query import Params
from taxonomy.models import Sector

# facet name → {parent value: [child values]}
Tree = dict[str, dict[str, list[str]]]


def tree() -> Tree:
    """The hierarchical facets' parents and children, kept in the cache until the taxonomy
    changes."""
    return shared.remember("knowledge:facet-tree", ["taxonomy"], _read_tree)


def _read_tree() -> Tree:
    sectors: dict[str, list[str]] = {}
    for code, parent in Sector.objects.order_by("code").values_list("code", "parent__code"):
        if parent is None:
            sectors.setdefault(code, [])
        else:
            sectors.setdefault(parent, []).append(code)
    return {"sector": sectors}


def widened(filters: dict[str, list[str]], hierarchy: Tree | None = None) -> dict[str, list[str]]:
    """``filters`` with each selected parent's children added."""
    hierarchy = tree() if hierarchy is None else hierarchy
    wide = {}
    for name, values in filters.items():
        children = hierarchy.get(name, {})
        extra = [child for value in values for child in children.get(value, [])]
        wide[name] = sorted({*values, *extra}) if extra else values
    return wide


def widened_params(params: Params) -> Params:
    """A copy of search ``Params`` whose filters take in the selected parents' children."""
    return dataclasses.replace(params, filters=widened(params.filters))


def roll_up(
    rows: np.ndarray, bits: dict[str, int], hierarchy: Tree | None = None
) -> tuple[np.ndarray, dict[str, int]]:
    """Rows of facet bits where each parent's bit is also set for the matches holding any of
    its children (a parent no practice holds itself gets a bit of its own)."""
    hierarchy = tree() if hierarchy is None else hierarchy
    pending = []
    for name, parents in hierarchy.items():
        for parent, children in parents.items():
            present = [bits[f"{name}:{c}"] for c in children if f"{name}:{c}" in bits]
            if present:
                pending.append((f"{name}:{parent}", present))
    if not pending:
        return rows, bits
    bits = dict(bits)
    free = max(bits.values(), default=-1) + 1
    for key, _present in pending:
        if key not in bits:
            bits[key] = free
            free += 1
    width = max(rows.shape[1], (free + 7) // 8)
    # One contiguous row per byte of the bits (a copy: the caller's rows stay as they are), so
    # each parent reads only the bytes holding its children's bits, whatever the matches.
    columns = np.zeros((width, rows.shape[0]), dtype=np.uint8)
    columns[: rows.shape[1]] = rows.T
    for key, present in pending:
        masks: dict[int, int] = {}
        for bit in present:
            masks[bit // 8] = masks.get(bit // 8, 0) | 1 << (bit % 8)
        holds = np.zeros(rows.shape[0], dtype=bool)
        for byte, mask in masks.items():
            holds |= (columns[byte] & np.uint8(mask)).astype(bool)
        bit = bits[key]
        columns[bit // 8] |= holds.view(np.uint8) << np.uint8(bit % 8)
    return np.ascontiguousarray(columns.T), bits
