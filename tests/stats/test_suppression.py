from itertools import product

import pytest

from stats.suppression import THRESHOLD, State, suppress


def _states(table):
    return {cell.key: cell.state for cell in table.cells}


def _values(table):
    return {cell.key: cell.value for cell in table.cells}


def _worked_out(table, true_counts) -> set:
    """Brute force: every assignment of hidden cells consistent with what is published; a hidden
    cell is worked out when it has one possible value."""
    hidden = [c.key for c in table.cells if not c.shown]
    if not hidden or table.total is None:
        return set()
    shown = sum(c.value for c in table.cells if c.shown)
    remainder = table.total - shown
    ranges = []
    for key in hidden:
        state = _states(table)[key]
        ranges.append(
            range(1, THRESHOLD) if state == State.SMALL else range(THRESHOLD, remainder + 1)
        )
    possible = {key: set() for key in hidden}
    for combo in product(*ranges):
        if sum(combo) == remainder:
            for key, value in zip(hidden, combo, strict=True):
                possible[key].add(value)
    assert all(true_counts[key] in possible[key] for key in hidden)
    return {key for key, values in possible.items() if len(values) == 1}


def test_large_cells_are_shown():
    table = suppress({"BE": 12, "NL": 7, "FR": 30})

    assert _values(table) == {"BE": 12, "NL": 7, "FR": 30}
    assert table.total == 49


def test_single_small_cell_takes_a_complementary_cell_with_it():
    table = suppress({"BE": 12, "NL": 3, "FR": 30})

    assert _states(table) == {"BE": State.HIDDEN, "NL": State.SMALL, "FR": State.SHOWN}
    assert table.total == 45
    assert _worked_out(table, {"BE": 12, "NL": 3, "FR": 30}) == set()


def test_zero_cells_are_shown_as_zero():
    table = suppress({"BE": 0, "NL": 9, "FR": 30})

    assert _values(table) == {"BE": 0, "NL": 9, "FR": 30}


def test_two_small_cells_that_would_give_each_other_away():
    # 1 + 1 hidden with a known sum of 2 means both are 1: a third cell must be hidden.
    table = suppress({"A": 1, "B": 1, "C": 20, "D": 40})

    assert _states(table)["C"] == State.HIDDEN
    assert _worked_out(table, {"A": 1, "B": 1, "C": 20, "D": 40}) == set()


def test_small_total_is_suppressed_too():
    table = suppress({"A": 2, "B": 1})

    assert table.total is None
    assert table.total_state == State.SMALL
    assert {cell.state for cell in table.cells} == {State.SMALL}


def test_not_additive_breakdowns_need_no_complementary_cells():
    table = suppress({"eco-efficiency": 3, "sme-growth": 14}, additive=False)

    assert _states(table) == {"eco-efficiency": State.SMALL, "sme-growth": State.SHOWN}
    assert table.total is None


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_worked_out(seed):
    import random

    rng = random.Random(seed)
    counts = {f"k{n}": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for n in range(rng.randint(1, 5))}

    table = suppress(counts)

    for cell in table.cells:
        if cell.shown:
            assert cell.value == counts[cell.key]
            assert cell.value == 0 or cell.value >= THRESHOLD
    assert _worked_out(table, counts) == set()
