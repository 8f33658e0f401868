"""Quiz scoring and Moodle-style item statistics, against hand-computed values."""

import math

import pytest

from academy.scoring import (
    QuestionKey,
    QuestionResult,
    question_statistics,
    score_question,
    score_quiz,
)

# ---------------------------------------------------------------------------
# score_question
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({"a"}, 2.0),  # exactly the correct option
        ({"b"}, 0.0),  # wrong option
        ({"a", "b"}, 0.0),  # correct plus a wrong one is not "exactly the correct option"
        (set(), 0.0),  # nothing chosen
    ],
)
def test_single_answer_all_or_nothing(chosen, expected):
    assert score_question("single", {"a"}, chosen, 2) == expected


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        # correct = {a, b, c}, 2 points: points × max(0, (right − wrong) / 3)
        ({"a", "b", "c"}, 2.0),  # (3 − 0) / 3 = 1
        ({"a", "b"}, 4 / 3),  # (2 − 0) / 3 × 2
        ({"a"}, 2 / 3),  # (1 − 0) / 3 × 2
        ({"a", "b", "d"}, 2 / 3),  # (2 − 1) / 3 × 2
        ({"a", "b", "c", "d"}, 4 / 3),  # tick everything: (3 − 1) / 3 × 2
        ({"a", "d"}, 0.0),  # (1 − 1) / 3 = 0
        ({"a", "d", "e"}, 0.0),  # (1 − 2) / 3 < 0 -> floored at 0, never negative
        ({"d", "e"}, 0.0),  # (0 − 2) / 3 -> 0
        (set(), 0.0),
    ],
)
def test_multiple_answer_partial_credit(chosen, expected):
    result = score_question("multiple", {"a", "b", "c"}, chosen, 2)
    assert result == pytest.approx(expected)
    assert result >= 0


def test_score_question_accepts_frozensets():
    assert score_question("multiple", frozenset({"a", "b"}), frozenset({"a"}), 1) == 0.5


@pytest.mark.parametrize(
    ("kind", "correct", "points"),
    [("essay", {"a"}, 1), ("single", set(), 1), ("multiple", {"a"}, -1)],
)
def test_score_question_rejects_bad_keys(kind, correct, points):
    with pytest.raises(ValueError, match=r"kind|correct|points"):
        score_question(kind, correct, {"a"}, points)


# ---------------------------------------------------------------------------
# score_quiz
# ---------------------------------------------------------------------------

QUESTIONS = [
    QuestionKey("q1", "single", 1, frozenset({"a"})),
    QuestionKey("q2", "multiple", 2, frozenset({"a", "b"})),
    QuestionKey("q3", "single", 1, frozenset({"c"})),
]


def test_score_quiz_totals_and_missing_answers():
    # q1 right: 1; q2 one of two right, no wrong: 2 × 1/2 = 1; q3 unanswered: 0.
    # 2 of 4 points = 50 %.
    result = score_quiz(QUESTIONS, {"q1": {"a"}, "q2": {"a"}}, pass_mark=50)
    assert result.points == 2
    assert result.max_points == 4
    assert result.percent == 50
    assert result.passed is True
    assert result.per_question["q2"] == QuestionResult(
        1.0, 2.0, frozenset({"a", "b"}), frozenset({"a"})
    )
    assert result.per_question["q3"].chosen_ids == frozenset()
    assert result.per_question["q3"].points == 0


def test_score_quiz_fails_below_pass_mark_and_ignores_unknown_questions():
    result = score_quiz(QUESTIONS, {"q1": {"a"}, "removed": {"x"}}, pass_mark=70)
    assert result.points == 1
    assert result.percent == 25
    assert result.passed is False
    assert set(result.per_question) == {"q1", "q2", "q3"}


def test_score_quiz_exactly_on_pass_mark_passes_despite_rounding():
    # 1/3 point of 1 is 33.33333333333333 %, while 100/3 is 33.333333333333336:
    # a learner exactly on the mark must pass.
    questions = [QuestionKey("q", "multiple", 1, frozenset({"a", "b", "c"}))]
    result = score_quiz(questions, {"q": {"a"}}, pass_mark=100 / 3)
    assert result.percent < 100 / 3  # the float really is a hair below
    assert result.passed is True


@pytest.mark.parametrize("pass_mark", [-1, 101])
def test_score_quiz_rejects_pass_mark_outside_percent(pass_mark):
    with pytest.raises(ValueError, match="pass_mark"):
        score_quiz(QUESTIONS, {}, pass_mark=pass_mark)


def test_score_quiz_rejects_empty_quiz():
    with pytest.raises(ValueError, match="at least one question"):
        score_quiz([], {}, pass_mark=70)
    with pytest.raises(ValueError, match="worth points"):
        score_quiz([QuestionKey("q", "single", 0, frozenset({"a"}))], {}, pass_mark=70)
    with pytest.raises(ValueError, match="duplicate"):
        score_quiz([QUESTIONS[0], QUESTIONS[0]], {}, pass_mark=70)


# ---------------------------------------------------------------------------
# question_statistics (facility, discrimination = corrected item-total r)
# ---------------------------------------------------------------------------

ATTEMPTS = [
    {"a": 1, "b": 1, "c": 2},  # total 4
    {"a": 1, "b": 0, "c": 2},  # total 3
    {"a": 0, "b": 1, "c": 0},  # total 1
    {"a": 0, "b": 0, "c": 1},  # total 1
]
MAX = {"a": 1, "b": 1, "c": 2}


def test_facility_is_mean_score_percent():
    stats = question_statistics(ATTEMPTS, MAX)
    assert stats["a"].facility == 50  # 2 of 4 attempts right
    assert stats["b"].facility == 50
    assert stats["c"].facility == 62.5  # mean 5/4 of max 2
    assert stats["a"].n == 4


def test_discrimination_is_correlation_with_rest_of_quiz():
    stats = question_statistics(ATTEMPTS, MAX)
    # a: x = 1,1,0,0 (dev ±.5); rest = b + c = 3,2,1,1 (mean 1.75, dev 1.25,.25,-.75,-.75)
    # Sxy = .625 + .125 + .375 + .375 = 1.5; Sxx = 1; Syy = 2.75 -> r = 1.5 / √2.75
    assert stats["a"].discrimination == pytest.approx(1.5 / math.sqrt(2.75))  # 0.9045
    # b: x = 1,0,1,0; rest = a + c = 3,3,0,1 (mean 1.75, dev 1.25,1.25,-1.75,-.75)
    # Sxy = .625 − .625 − .875 + .375 = −.5; Syy = 6.75 -> r = −.5 / √6.75 = −0.1925:
    # the stronger people get b wrong, the question works against the quiz.
    assert stats["b"].discrimination == pytest.approx(-0.5 / math.sqrt(6.75))


def test_discrimination_undefined_cases():
    attempts = [{"a": 1, "b": 1, "new": 1}, {"a": 1, "b": 0, "new": 0}, {"a": 1, "b": 1}]
    stats = question_statistics(attempts, {"a": 1, "b": 1, "new": 1, "unused": 1})
    assert stats["a"].facility == 100
    assert stats["a"].discrimination is None  # everyone right: no spread to correlate
    assert stats["new"].n == 2  # only in the attempts that had it
    assert stats["new"].facility == 50
    assert stats["new"].discrimination is None  # fewer than 3 attempts
    assert stats["unused"].n == 0
    assert stats["unused"].facility is None


def test_question_statistics_rejects_zero_max():
    with pytest.raises(ValueError, match="max_points"):
        question_statistics(ATTEMPTS, {"a": 0})
