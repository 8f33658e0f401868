"""Small-group suppression: the attacks of DESIGN.md invariant 3, one test each."""

import random

import pytest

from academy.scoring import (
    MIN_COMMENT_GROUP_SIZE,
    MIN_GROUP_SIZE,
    total_visible,
    visible_groups,
)


def hidden_total(counts, shown):
    """What an attacker gets by subtracting the shown groups from the company total."""
    return sum(counts.values()) - sum(counts[key] for key in shown)


def test_defaults():
    assert MIN_GROUP_SIZE == 5
    assert MIN_COMMENT_GROUP_SIZE == 10


def test_no_small_groups_shows_everything():
    counts = {"sales": 5, "care": 7}  # 5 is exactly the minimum: shown
    assert visible_groups(counts, 5) == {"sales", "care"}


def test_direct_small_group_is_hidden():
    counts = {"sales": 40, "care": 12, "legal": 3, "ops": 9}
    # legal alone would reveal 3 people's answers; the other 3 together must then
    # cover it: hidden 3 < 5 -> hide the smallest shown group, ops (9).
    shown = visible_groups(counts, 5)
    assert "legal" not in shown
    assert shown == {"sales", "care"}


def test_subtraction_from_total_with_one_small_group():
    counts = {"sales": 40, "care": 12, "legal": 3}
    shown = visible_groups(counts, 5)
    # Showing sales and care would give legal = total − 52 = 3 people.
    assert shown == {"sales"}
    assert hidden_total(counts, shown) == 15  # care + legal pooled: >= 5


def test_two_small_groups_summing_below_threshold():
    counts = {"a": 2, "b": 2, "c": 8, "d": 20}
    shown = visible_groups(counts, 5)
    # a + b = 4 < 5 would be recoverable by subtraction -> c (smallest shown) goes too.
    assert shown == {"d"}
    assert hidden_total(counts, shown) == 12


def test_two_small_groups_summing_to_threshold_need_nothing_more():
    counts = {"a": 3, "b": 2, "c": 8}
    # a + b = 5: subtraction reveals a pooled figure over 5 people, which is allowed.
    assert visible_groups(counts, 5) == {"c"}


def test_tie_break_is_deterministic_by_key():
    counts = {"x": 2, "b": 9, "a": 9, "c": 20}
    # a and b tie as the smallest shown group: the lower key (a) is hidden.
    assert visible_groups(counts, 5) == {"b", "c"}
    reordered = dict(reversed(list(counts.items())))
    assert visible_groups(reordered, 5) == {"b", "c"}


def test_integer_keys_work():
    assert visible_groups({3: 1, 1: 30, 2: 30}, 5) == {2}


def test_all_groups_small():
    counts = {"a": 1, "b": 2, "c": 3}
    assert visible_groups(counts, 5) == set()
    # The company total (6 people) may still be shown: it is one group of 6.
    assert total_visible(sum(counts.values()), 5) is True


def test_one_big_and_one_small_group_hides_both():
    # Everything suppressed: showing "a" would give b = total − 30 = 2.
    assert visible_groups({"a": 30, "b": 2}, 5) == set()


def test_zero_count_groups_protect_nothing():
    # A department with no respondents has nothing to show and nothing to reveal:
    # subtraction yields "0 people", so no further group is hidden for it.
    assert visible_groups({"empty": 0, "b": 10, "c": 7}, 5) == {"b", "c"}
    # ...but it does not help cover a real small group either.
    counts = {"empty": 0, "tiny": 1, "c": 10, "d": 10}
    shown = visible_groups(counts, 5)
    assert shown == {"d"}  # c and d tie at 10: c (lower key) is hidden
    assert hidden_total(counts, shown) == 11


def test_comment_threshold():
    counts = {"a": 9, "b": 12, "c": 30}
    assert visible_groups(counts, MIN_COMMENT_GROUP_SIZE) == {"c"}


def test_empty_input():
    assert visible_groups({}, 5) == set()


def test_total_visible():
    assert total_visible(4, 5) is False
    assert total_visible(5, 5) is True
    assert total_visible(0, 5) is False


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="min_size"):
        visible_groups({"a": 5}, 0)
    with pytest.raises(ValueError, match="count"):
        visible_groups({"a": -1}, 5)
    with pytest.raises(ValueError, match="total"):
        total_visible(-1, 5)


@pytest.mark.parametrize("seed", range(20))
def test_no_hidden_group_is_ever_recoverable(seed):
    # Randomised check of the two guarantees, whatever the mix of group sizes.
    rng = random.Random(seed)
    min_size = rng.choice([3, 5, 10])
    counts = {f"g{i:02d}": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 12, 40]) for i in range(8)}
    shown = visible_groups(counts, min_size)
    assert all(counts[key] >= min_size for key in shown)
    assert hidden_total(counts, shown) == 0 or hidden_total(counts, shown) >= min_size
    # Minimal: at most one group hidden beyond the small ones.
    small = {key for key, count in counts.items() if count < min_size}
    assert len(set(counts) - small - shown) <= 1
