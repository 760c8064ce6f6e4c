"""Differential privacy for published counts of organisations: noise, and what may be done to
noisy figures afterwards.

The noise is OpenDP's discrete Laplace mechanism on integers. A release that one organisation
can change by at most ``sensitivity`` in total (the L1 distance: the sum, over every cell it
touches, of how much it moves each) gets noise of scale ``sensitivity / epsilon`` in every
cell, and is then ``epsilon``-differentially private with respect to adding or removing one
organisation. Whatever is computed from the noisy cells alone (rounding, clipping at zero,
making parts add up to a total, small-cell suppression) keeps that guarantee.

Pure functions: no Django, no database.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import opendp.prelude

K = TypeVar("K", bound=Hashable)


@functools.cache
def _opendp() -> ModuleType:
    """OpenDP, imported when noise is first drawn or proved: some 20 MB that the web processes,
    which only show published figures, need not load (docs/performance.md)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


def _mechanism(scale: float) -> opendp.prelude.Measurement:
    dp = _opendp()
    return dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale
    )


def scale_for(*, epsilon: float, sensitivity: int) -> float:
    """The noise scale that makes a release of L1 ``sensitivity`` ``epsilon``-DP."""
    if epsilon <= 0 or sensitivity <= 0:
        raise ValueError("epsilon and sensitivity must be positive")
    return sensitivity / epsilon


def epsilon_of(*, scale: float, sensitivity: int) -> float:
    """The privacy loss OpenDP proves for noise of ``scale`` on a release of ``sensitivity``."""
    return float(_mechanism(scale).map(sensitivity))


def laplace(values: Sequence[int], *, scale: float) -> list[int]:
    """``values`` with independent discrete Laplace noise of ``scale`` added to each."""
    if not values:
        return []
    return [int(v) for v in _mechanism(scale)([int(v) for v in values])]


def noisy(counts: Mapping[K, int], *, scale: float) -> dict[K, int]:
    """Each count with noise; keys kept in order."""
    keys = list(counts)
    return dict(zip(keys, laplace([counts[k] for k in keys], scale=scale), strict=True))


def clamp(value: int, *, bound: int) -> int:
    """One organisation's contribution to a sum, held within ``0..bound``, so the sum's
    sensitivity is ``bound``."""
    return max(0, min(int(value), bound))


def non_negative(counts: Mapping[K, int]) -> dict[K, int]:
    return {k: max(0, int(v)) for k, v in counts.items()}


def consistent(total: int, parts: Mapping[K, int]) -> dict[K, int]:
    """Non-negative integer ``parts`` that add up to ``total`` (itself clipped at zero):
    the clipped parts scaled to the total, rounded by largest remainder. Post-processing of
    noisy figures, so it costs no privacy.

    When every part is zero, the total is spread evenly (the figures give no better hint).
    """
    total = max(0, int(total))
    clipped = non_negative(parts)
    if not clipped:
        return {}
    weight = sum(clipped.values())
    if weight == 0:
        clipped = dict.fromkeys(clipped, 1)
        weight = len(clipped)
    exact = {k: total * v / weight for k, v in clipped.items()}
    out = {k: int(x) for k, x in exact.items()}
    short = total - sum(out.values())
    by_remainder = sorted(exact, key=lambda k: (-(exact[k] - out[k]), -clipped[k], str(k)))
    for k in by_remainder[:short]:
        out[k] += 1
    return out


def noisy_parts(counts: Mapping[K, int], *, scale: float) -> dict[K, int]:
    """Noisy non-negative ``counts`` whose total is the sum of the noisy counts taken before
    clipping at zero. Clipping each count first would add the noise it cut off to the total:
    about ``scale / 2`` a count, so a row of five empty counts would total some 2.5 scales."""
    raw = noisy(counts, scale=scale)
    return consistent(sum(raw.values()), raw)


def guess_accuracy_bound(*, epsilon: float, choices: int) -> float:
    """The highest probability with which anyone can guess which of ``choices`` equally likely
    values a secret holds, from an output whose distribution changes by a factor of at most
    ``e**epsilon`` between any two of them."""
    return math.exp(epsilon) / (math.exp(epsilon) + choices - 1)
