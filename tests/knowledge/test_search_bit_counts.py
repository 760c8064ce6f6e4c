"""Facet bits are counted a slice of rows at a time (knowledge.search.facets.bit_counts)."""

from __future__ import annotations

import numpy as np

from knowledge.search import facets


def test_counting_in_slices_gives_each_bits_count_over_every_row():
    generator = np.random.default_rng(18)
    rows = generator.integers(0, 256, size=(facets.CHUNK_ROWS * 2 + 17, 32), dtype=np.uint8)
    rows[-1] = 0b1000_0001  # the last row, in the last slice, holds bits 0 and 7 of each byte

    counts = facets.bit_counts(rows)

    expected = np.unpackbits(rows, axis=1, bitorder="little").sum(axis=0)
    assert counts.tolist() == expected.tolist()
    assert counts[0] == int((rows[:, 0] & 1).astype(bool).sum())


def test_no_rows_count_nothing():
    assert facets.bit_counts(np.zeros((0, 32), dtype=np.uint8)).tolist() == [0] * 256
