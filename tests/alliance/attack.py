"""An attacker who compares published figures, run over many trials against a release function.

Two releases are published, one before and one after a single organisation with random
attributes declares; the attacker guesses its attributes from the difference. The same
harness runs against the exact counts of old (suppression only) and against the noisy release.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alliance import statistics as st
from taxonomy.choices import Country, SizeClass

EPSILON = 1.0
CONFIDENCE = 1e-6  # the chance that sampling error alone fails an honest assertion

KEYS = st.Keys(
    countries=list(Country.values),
    sizes=list(SizeClass.values),
    sectors=[*"ABCDEFGHIJKLMNOPQRSTU", ""],
    priority_areas=[f"area-{i}" for i in range(10)],
    months=[f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13)],
)

Release = Callable[[st.Counts], dict[str, Any]]


def exact_release(counts: st.Counts) -> dict[str, Any]:
    """What the portal published before releases: exact counts, small cells suppressed."""
    return st.statistics_tables(counts)


def noisy_release(counts: st.Counts) -> dict[str, Any]:
    return st.statistics_tables(
        st.statistics_privatise(counts, epsilon=EPSILON, sensitivity=KEYS.sensitivity)
    )


def random_supporter(rng: random.Random, *, country: str | None = None) -> st.Supporter:
    return st.Supporter(
        country=country or rng.choice(KEYS.countries),
        size_class=rng.choice(KEYS.sizes),
        sector=rng.choice(KEYS.sectors),
        priority_areas=frozenset(rng.sample(KEYS.priority_areas, rng.randint(0, 4))),
        month=rng.choice(KEYS.months),
    )


def base_population(rng: random.Random, per_country: int = 12) -> list[st.Supporter]:
    """Enough supporters in every country and size that no such cell is suppressed: the exact
    counts then give the attacker every difference."""
    return [random_supporter(rng, country=c) for c in KEYS.countries for _ in range(per_country)]


def plus(counts: st.Counts, supporter: st.Supporter) -> st.Counts:
    extra = st.statistics_counts([supporter], keys=KEYS)
    return {t: {k: v + extra[t].get(k, 0) for k, v in cells.items()} for t, cells in counts.items()}


def shown(table: dict[str, Any]) -> dict[str, float]:
    """A reader's best value of each cell: its number, or 2.5 for "fewer than 5", or 5 for a
    hidden cell (at least five)."""
    guess = {"small": 2.5, "hidden": 5.0}
    return {
        c["key"]: (c["value"] if c["state"] == "shown" else guess[c["state"]])
        for c in table["cells"]
    }


def guess_from_difference(before: dict[str, Any], after: dict[str, Any], table: str) -> str:
    old, new = shown(before[table]), shown(after[table])
    return max(old, key=lambda key: (new[key] - old[key], key))


@dataclass(frozen=True)
class Result:
    trials: int
    country: float  # share of trials where the attacker named the right country
    size: float
    both: float


def differencing_attack(release: Release, *, trials: int, seed: int = 13) -> Result:
    rng = random.Random(seed)
    counts = st.statistics_counts(base_population(rng), keys=KEYS)
    right = {"country": 0, "size": 0, "both": 0}
    for _ in range(trials):
        newcomer = random_supporter(rng)
        before = release(counts)
        after = release(plus(counts, newcomer))
        country = guess_from_difference(before, after, "country") == newcomer.country
        size = guess_from_difference(before, after, "size_class") == newcomer.size_class
        right["country"] += country
        right["size"] += size
        right["both"] += country and size
    return Result(trials=trials, **{k: v / trials for k, v in right.items()})


def sybil_attack(release: Release, *, trials: int, sybils: int = 8, seed: int = 21) -> float:
    """The attacker creates ``sybils`` supporters in one country and asks whether exactly one
    other supporter is there (a coin flip decides, per trial). Returns the attacker's accuracy."""
    rng = random.Random(seed)
    target = Country.values[0]
    others = [
        random_supporter(rng, country=c) for c in KEYS.countries if c != target for _ in range(12)
    ]
    own = [random_supporter(rng, country=target) for _ in range(sybils)]
    without = st.statistics_counts(others + own, keys=KEYS)
    right = 0
    for _ in range(trials):
        secret = rng.random() < 0.5
        counts = plus(without, random_supporter(rng, country=target)) if secret else without
        seen = shown(release(counts)["country"])[target]
        right += (seen >= sybils + 0.5) == secret
    return right / trials


def sampling_margin(*, p: float, trials: int, confidence: float = CONFIDENCE) -> float:
    """How far an observed share can exceed ``p`` by chance, with probability at most
    ``confidence`` (Bernstein's inequality)."""
    log = math.log(1 / confidence)
    variance = p * (1 - p)
    return (2 / 3 * log + math.sqrt(4 / 9 * log**2 + 8 * trials * variance * log)) / (2 * trials)
