"""The noise and the post-processing of stats/privacy.py."""

from __future__ import annotations

import statistics

import pytest

from stats import privacy


def test_opendp_proves_the_epsilon_the_scale_was_chosen_for():
    scale = privacy.scale_for(epsilon=0.5, sensitivity=15)

    assert scale == 30
    assert privacy.epsilon_of(scale=scale, sensitivity=15) == pytest.approx(0.5)


def test_the_noise_is_centred_integer_and_as_wide_as_its_scale():
    values = privacy.laplace([100] * 4000, scale=10.0)

    assert all(isinstance(v, int) for v in values)
    assert statistics.mean(values) == pytest.approx(100, abs=1.5)
    # A discrete Laplace of scale 10 has a standard deviation close to 10 * sqrt(2).
    assert 11 < statistics.pstdev(values) < 17


def test_noisy_keeps_the_keys_in_order():
    out = privacy.noisy({"b": 3, "a": 1, "c": 0}, scale=1.0)

    assert list(out) == ["b", "a", "c"]


def test_consistent_parts_add_up_to_the_total_and_are_not_negative():
    assert privacy.consistent(10, {"a": 3, "b": -2, "c": 4}) == {"a": 4, "b": 0, "c": 6}
    assert privacy.consistent(-3, {"a": 2}) == {"a": 0}
    assert privacy.consistent(5, {"a": 0, "b": 0}) == {"a": 3, "b": 2}
    for total in range(0, 40):
        parts = privacy.consistent(total, {"x": 7, "y": 1, "z": 13, "w": -4})
        assert sum(parts.values()) == total
        assert min(parts.values()) >= 0


def test_clamp_bounds_one_contribution():
    assert privacy.clamp(1_000_000, bound=200) == 200
    assert privacy.clamp(-5, bound=200) == 0
    assert privacy.clamp(17, bound=200) == 17


def test_the_guessing_bound():
    assert privacy.guess_accuracy_bound(epsilon=0.0, choices=4) == 0.25
    assert privacy.guess_accuracy_bound(epsilon=1.0, choices=2) == pytest.approx(0.7311, abs=1e-4)


@pytest.mark.parametrize(("epsilon", "sensitivity"), [(0, 1), (1, 0), (-1, 3)])
def test_scale_refuses_nonsense(epsilon, sensitivity):
    with pytest.raises(ValueError):
        privacy.scale_for(epsilon=epsilon, sensitivity=sensitivity)


def test_noisy_parts_total_is_not_inflated_by_clipping_each_part():
    empty_row = dict.fromkeys("abcde", 0)
    scale = 10.0
    rows = [privacy.noisy_parts(empty_row, scale=scale) for _ in range(2000)]

    assert all(min(row.values()) >= 0 for row in rows)
    mean_total = statistics.fmean(sum(row.values()) for row in rows)
    # Five empty counts clipped one by one would total about 2.5 scales (25); the sum of the
    # noise clipped once is about 1.26 scales (12.6). The gap is some 30 standard errors wide.
    assert mean_total < 1.8 * scale
