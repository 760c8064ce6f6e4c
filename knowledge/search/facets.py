"""Facet counts, one way for both engines.

Each match is a row of bits, one bit per facet key ("type:guide"): on PostgreSQL the
practice's ``facet_bits`` (kept by a trigger, one bit per key in ``knowledge_facetbit``), on
SQLite (and on PostgreSQL if a key found no free bit) bits packed here from the facet values.
Several values of one facet combine with OR, facets with AND, and each facet's values count
the matches that pass every *other* facet's selection (the usual disjunctive facets). A NACE
section counts the matches holding it or any of its divisions (``hierarchy``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from knowledge.search import hierarchy
from knowledge.search.query import FACETS

Filters = dict[str, list[str]]


@dataclass
class Found:
    """What an engine found for the words of a search."""

    matched: int = 0  # practices matching the words, whatever the facets
    total: int = 0  # of those, the ones passing every selected facet
    hits: list[tuple[int, float]] = field(default_factory=list)  # the page: (id, rank)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    estimated: bool = False  # total and counts estimated from a sample (PostgreSQL, broad words)


def pack(keys: Sequence[Iterable[str]]) -> tuple[np.ndarray, dict[str, int]]:
    """Rows of bits for matches given by their facet keys, and the bit of every key."""
    bits: dict[str, int] = {}
    for key in sorted({key for row in keys for key in row}):
        bits[key] = len(bits)
    width = max(1, (len(bits) + 7) // 8)
    rows = np.zeros((len(keys), width), dtype=np.uint8)
    for i, row in enumerate(keys):
        for key in row:
            rows[i, bits[key] // 8] |= 1 << (bits[key] % 8)
    return rows, bits


# Rows unpacked at a time: one bit a byte makes eight times the rows' size, so the whole
# library at once (25 MB at 100k) would stay in a web worker's heap after the answer.
CHUNK_ROWS = 8192


def bit_counts(rows: np.ndarray) -> np.ndarray:
    """How many of ``rows`` hold each bit (bit ``i`` of byte ``i // 8``, little end first),
    unpacked ``CHUNK_ROWS`` at a time."""
    counts = np.zeros(rows.shape[1] * 8, dtype=np.int64)
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        counts += np.unpackbits(chunk, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
    return counts


def tally(
    rows: np.ndarray, bits: dict[str, int], filters: Filters, *, tree: hierarchy.Tree | None = None
) -> tuple[dict[str, Counter[str]], np.ndarray]:
    """The facet counts of the matches ``rows`` (one row of bytes each) and which of them pass
    every selected facet. A parent value (a NACE section) counts and passes the matches that
    hold it or any of its children (``tree``, by default the taxonomy's)."""
    rows, bits = hierarchy.roll_up(rows, bits, tree)
    width = rows.shape[1]
    passes: dict[str, np.ndarray] = {}
    for name, values in filters.items():
        mask = np.zeros(width, dtype=np.uint8)
        for value in values:
            bit = bits.get(f"{name}:{value}")
            if bit is not None:  # no practice ever had it: nothing passes
                mask[bit // 8] |= 1 << (bit % 8)
        passes[name] = (rows & mask).any(axis=1)

    def passing(skip: str | None = None) -> np.ndarray:
        selected = np.ones(len(rows), dtype=bool)
        for name, passed in passes.items():
            if name != skip:
                selected &= passed
        return selected

    by_facet: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for key, bit in bits.items():
        name, _sep, value = key.partition(":")
        if name in by_facet:
            by_facet[name].append((value, bit))
    tallies: dict[str | None, np.ndarray] = {}
    counts: dict[str, Counter[str]] = {}
    for name in FACETS:
        skip = name if name in passes else None
        if skip not in tallies:
            tallies[skip] = bit_counts(rows[passing(skip)])
        tally = tallies[skip]
        counts[name] = Counter(
            {value: int(tally[bit]) for value, bit in by_facet[name] if tally[bit]}
        )
    return counts, passing()
