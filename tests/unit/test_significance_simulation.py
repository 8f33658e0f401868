"""The heatmap's marks on simulated companies: rare false alarms, real differences found.

The marking is the one the reports use (academy.scoring.compare_with_rest and
significance_marks); the simulator is bench/significance.py's, with pinned seeds.
"""

from __future__ import annotations

import random

from bench.significance import marks_before, marks_now, simulate


def _maps(seed: int, runs: int, sizes, dims, effects, method=marks_now):
    rng = random.Random(seed)
    return [method(simulate(rng, sizes, dims, effects)) for _ in range(runs)]


def test_with_no_real_difference_false_marks_are_rare():
    maps = _maps(101, 30, [20] * 40, 8, {})
    with_a_mark = sum(1 for marks in maps if any(marks.values()))
    # Benjamini-Hochberg under no real difference: at most about 5% of maps.
    assert with_a_mark / len(maps) <= 0.10
    assert sum(1 for marks in maps for v in marks.values() if v) <= 3
    # The rule it replaces marked about 16 cells on every such map.
    before = _maps(101, 3, [20] * 40, 8, {}, marks_before)
    assert all(sum(1 for v in marks.values() if v) >= 8 for marks in before)


def test_a_department_that_really_differs_is_marked_in_most_runs():
    # A department of 20 whose people are 1 SD lower on every dimension, 10 departments.
    effects = {(0, d): -1.0 for d in range(8)}
    maps = _maps(202, 25, [20] * 10, 8, effects)
    found = sum(1 for marks in maps for key in effects if marks.get(key) == -1)
    assert found / (len(maps) * len(effects)) >= 0.6
    assert not any(marks.get(key) == 1 for marks in maps for key in effects)
