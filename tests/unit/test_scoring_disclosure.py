"""Small-group suppression: the attacks of DESIGN.md invariant 3, one test each."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.scoring import (
    COMPLEMENTARY,
    EMPTY,
    MIN_COMMENT_GROUP_SIZE,
    MIN_GROUP_SIZE,
    SMALL,
    disclose_family,
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


# ------------------------------------------------------------------ figure by figure


def test_dont_know_thinning_hides_the_figure_not_only_small_groups():
    # A department of 5 where 4 answered "don't know" to the whole dimension: its
    # figures would rest on one person.
    counts = {"sales": {"i1": 30, "i2": 30}, "legal": {"i1": 1, "i2": 1}}
    decision = disclose_family(counts, ["i1", "i2"], 5)
    assert "legal" not in decision.shown
    assert decision.reasons["legal"] == SMALL


def test_thinned_hidden_pool_is_completed():
    # Departments of 20, 5 and 1: the 5 all answered "don't know", so hiding the 1 and
    # the 5 leaves one scored answer in the hidden pool; the 20 must go too.
    counts = {"big": {"i": 20}, "five": {"i": 0}, "one": {"i": 1}}
    decision = disclose_family(counts, ["i"], 5)
    assert decision.shown == frozenset()
    assert decision.reasons == {"five": EMPTY, "one": SMALL, "big": COMPLEMENTARY}
    assert decision.company == {"i"}  # 21 answers: the company figure is safe


def test_an_item_nobody_answered_is_left_out_not_a_reason_to_hide():
    counts = {"a": {"i1": 12, "i2": 0}, "b": {"i1": 8, "i2": 9}}
    decision = disclose_family(counts, ["i1", "i2"], 5)
    assert decision.shown == {"a", "b"}
    assert decision.company == {"i1", "i2"}
    assert decision.company_family


def test_company_family_hidden_when_one_item_rests_on_too_few():
    counts = {"a": {"i1": 3, "i2": 0}, "b": {"i1": 3, "i2": 2}}
    decision = disclose_family(counts, ["i1", "i2"], 5)
    assert decision.shown == frozenset()
    assert decision.company == {"i1"}
    assert not decision.company_family


def test_per_item_pool_drives_complementary_choice():
    # The pool for i2 (1 answer) needs another group holding i2 answers: b (6), not a.
    counts = {
        "a": {"i1": 5, "i2": 0},
        "b": {"i1": 9, "i2": 6},
        "c": {"i1": 7, "i2": 7},
        "d": {"i1": 0, "i2": 1},
    }
    decision = disclose_family(counts, ["i1", "i2"], 5)
    assert decision.reasons["d"] == SMALL
    assert decision.reasons["b"] == COMPLEMENTARY
    assert decision.shown == {"a", "c"}


groups = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]),
    st.fixed_dictionaries(
        {},
        optional={m: st.integers(0, 25) for m in ("i1", "i2", "i3", "i4")},
    ),
    min_size=1,
)


@settings(max_examples=600, deadline=None)
@given(groups, st.integers(1, 10))
def test_no_shown_figure_or_difference_rests_on_too_few_answers(counts, k):
    members = ["i1", "i2", "i3", "i4"]
    decision = disclose_family(counts, members, k)
    for member in members:
        total = sum(c.get(member, 0) for c in counts.values())
        for group in decision.shown:
            n = counts[group].get(member, 0)
            assert n == 0 or n >= k  # every shown figure
        shown_sum = sum(counts[g].get(member, 0) for g in decision.shown)
        remainder = total - shown_sum
        if member in decision.company:
            assert total >= k
            assert remainder == 0 or remainder >= k  # company minus every shown group
        else:
            assert total < k
            assert shown_sum == 0
        # Any single shown group subtracted from the company figure leaves >= k or 0.
        if member in decision.company:
            for group in decision.shown:
                rest = total - counts[group].get(member, 0)
                assert rest == 0 or rest >= k
    if decision.company_family:
        assert all(
            m in decision.company for m in members if sum(c.get(m, 0) for c in counts.values())
        )
    for group, reason in decision.reasons.items():
        assert group not in decision.shown
        assert reason in (EMPTY, SMALL, COMPLEMENTARY)
