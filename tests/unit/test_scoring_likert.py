"""Likert scoring: reversal, don't-know, 0-100, % favourable, per person and from SQL sums."""

import pytest

from academy.scoring import (
    DimensionScore,
    ItemAggregate,
    ItemKey,
    ItemScore,
    dimension_score,
    item_score,
    overall_score,
    reverse,
    score_response,
    to_100,
)


def test_reverse():
    assert [reverse(a, 5) for a in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert reverse(2, 7) == 6
    with pytest.raises(ValueError, match="within"):
        reverse(6, 5)
    with pytest.raises(ValueError, match="within"):
        reverse(0, 5)


def test_to_100():
    assert to_100(1, 5) == 0
    assert to_100(5, 5) == 100
    assert to_100(3, 5) == 50
    assert to_100(4, 7) == 50
    assert to_100(4.5, 5) == 87.5
    with pytest.raises(ValueError, match="at least 2 points"):
        to_100(1, 1)


DIMENSIONS = {
    "anticipation": [ItemKey("ant-1"), ItemKey("ant-2", reverse=True), ItemKey("ant-3")],
    "listening": [ItemKey("lis-1", reverse=True), ItemKey("lis-2")],
    "follow-up": [ItemKey("fol-1")],
}


def test_score_response_with_reversal_and_dont_know():
    answers = {"ant-1": 5, "ant-2": 2, "ant-3": None, "lis-1": 4, "lis-2": 3, "fol-1": None}
    # 5-point scale, favourable from 4.
    # anticipation: ant-1 = 5; ant-2 reversed: 6 − 2 = 4; ant-3 don't know (excluded)
    #   mean 4.5 -> (4.5 − 1) / 4 × 100 = 87.5; favourable: 5 and 4 both >= 4 -> 100 %
    # listening: lis-1 reversed 6 − 4 = 2; lis-2 = 3
    #   mean 2.5 -> 1.5 / 4 × 100 = 37.5; favourable 0 of 2 -> 0 %
    # follow-up: only a don't know -> no score, no denominator
    # overall = (87.5 + 37.5) / 2 = 62.5 (the empty dimension is skipped)
    result = score_response(DIMENSIONS, answers, points=5, favourable_from=4)
    assert result.dimensions["anticipation"] == DimensionScore(87.5, 100.0, 2)
    assert result.dimensions["listening"] == DimensionScore(37.5, 0.0, 2)
    assert result.dimensions["follow-up"] == DimensionScore(None, None, 0)
    assert result.overall == 62.5


def test_score_response_missing_answers_count_as_dont_know():
    result = score_response(DIMENSIONS, {}, points=5, favourable_from=4)
    assert all(d == DimensionScore(None, None, 0) for d in result.dimensions.values())
    assert result.overall is None


def test_score_response_rejects_out_of_scale_answers_and_settings():
    with pytest.raises(ValueError, match="within"):
        score_response(DIMENSIONS, {"ant-1": 6}, points=5, favourable_from=4)
    with pytest.raises(ValueError, match="within"):
        score_response(DIMENSIONS, {"ant-2": 0}, points=5, favourable_from=4)
    with pytest.raises(ValueError, match="favourable_from"):
        score_response(DIMENSIONS, {}, points=5, favourable_from=6)


def test_item_score_from_aggregate():
    # 4 answers summing to 14 (already reversed): mean 3.5 -> 2.5 / 4 × 100 = 62.5
    assert item_score(ItemAggregate(n=4, total=14, favourable=2), 5) == ItemScore(62.5, 50.0, 4)
    assert item_score(ItemAggregate(0, 0, 0), 5) == ItemScore(None, None, 0)
    with pytest.raises(ValueError, match="favourable"):
        item_score(ItemAggregate(n=2, total=8, favourable=3), 5)


def test_dimension_score_is_mean_of_item_means():
    aggs = [
        ItemAggregate(n=4, total=14, favourable=2),  # mean 3.5 -> 62.5
        ItemAggregate(n=2, total=10, favourable=2),  # mean 5.0 -> 100
        ItemAggregate(n=0, total=0, favourable=0),  # nobody answered: left out
    ]
    # score = (62.5 + 100) / 2 = 81.25 (each item weighs the same; pooling the answers
    # would give 24 / 6 = 4.0 -> 75, which lets the most-answered item dominate)
    # % favourable pools the answers: (2 + 2) / (4 + 2) = 66.67 %
    result = dimension_score(iter(aggs), 5)  # a generator is fine
    assert result.score_100 == 81.25
    assert result.favourable_pct == pytest.approx(200 / 3)
    assert result.n_answered == 6


def test_empty_aggregates_give_none():
    assert dimension_score([], 5) == DimensionScore(None, None, 0)
    assert dimension_score([ItemAggregate(0, 0, 0)], 5) == DimensionScore(None, None, 0)
    assert overall_score([]) is None
    assert overall_score([DimensionScore(None, None, 0)]) is None


def test_overall_score_skips_empty_dimensions():
    dims = [DimensionScore(81.25, 60.0, 6), DimensionScore(37.5, 0.0, 2)]
    assert overall_score([*dims, DimensionScore(None, None, 0)]) == (81.25 + 37.5) / 2


def test_person_and_sql_paths_agree():
    # The same single response, scored directly and through the aggregate functions
    # as SQL would feed them (n = 1 per answered item, totals already reversed).
    answers = {"ant-1": 5, "ant-2": 2, "ant-3": None, "lis-1": 4, "lis-2": 3}
    direct = score_response(DIMENSIONS, answers, points=5, favourable_from=4)
    anticipation = dimension_score(
        [ItemAggregate(1, 5, 1), ItemAggregate(1, 4, 1), ItemAggregate(0, 0, 0)], 5
    )
    listening = dimension_score([ItemAggregate(1, 2, 0), ItemAggregate(1, 3, 0)], 5)
    assert direct.dimensions["anticipation"] == anticipation
    assert direct.dimensions["listening"] == listening
    assert direct.overall == overall_score([anticipation, listening])
