"""Scenario-quiz scoring and the item statistics trainers see.

Scoring rules are the trainers' contract in DESIGN.md ("Content format"):

* single-answer question: full points if exactly the correct option was chosen, else 0;
* multiple-answer question: points × max(0, (right picks − wrong picks) / number of
  right options). Wrong picks cancel right ones so "tick everything" earns nothing, and
  the floor at 0 keeps a question from costing points earned elsewhere.

Item statistics follow Moodle's quiz statistics report (Moodle docs, "Quiz statistics
calculations"): facility index and discrimination index, the latter being the
*corrected* item-total correlation, i.e. with the question left out of the total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .stats import pearson

__all__ = [
    "QuestionKey",
    "QuestionResult",
    "QuestionStats",
    "QuizResult",
    "question_statistics",
    "score_question",
    "score_quiz",
]

QuestionKind = Literal["single", "multiple"]

# Percentages like 2/3 + 1/3 of a point are not exact in binary floating point; a
# learner exactly on the pass mark must not fail by 1e-14.
_PASS_TOLERANCE = 1e-9


@dataclass(frozen=True)
class QuestionKey:
    """The answer key of one question: id, kind, points and the ids of the correct options."""

    id: str
    kind: QuestionKind
    points: float
    correct_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class QuestionResult:
    """How one question was scored, with what the learner chose (for feedback pages)."""

    points: float
    max_points: float
    correct_ids: frozenset[str]
    chosen_ids: frozenset[str]


@dataclass(frozen=True)
class QuizResult:
    """A scored attempt: points out of max_points, percent 0-100, and pass/fail."""

    points: float
    max_points: float
    percent: float
    passed: bool
    per_question: dict[str, QuestionResult]


@dataclass(frozen=True)
class QuestionStats:
    """Moodle-style item statistics for one question over n attempts.

    facility        mean score as % of the question's maximum (0-100); ``None`` if n = 0
    discrimination  corrected item-total correlation (-1..1); ``None`` when undefined
                    (fewer than 3 attempts, or no spread in either score)
    """

    facility: float | None
    discrimination: float | None
    n: int


def score_question(
    kind: QuestionKind,
    correct_ids: set[str] | frozenset[str],
    chosen_ids: set[str] | frozenset[str],
    points: float,
) -> float:
    """Points earned on one question.

    single:   points if chosen_ids == correct_ids else 0
    multiple: points × max(0, (|chosen ∩ correct| − |chosen − correct|) / |correct|)

    Never negative. Choosing nothing scores 0.
    """
    if points < 0:
        raise ValueError("points must be >= 0")
    if not correct_ids:
        # The content loader rejects such questions; reaching here is a programming error.
        raise ValueError("a question needs at least one correct option")
    if kind == "single":
        return float(points) if set(chosen_ids) == set(correct_ids) else 0.0
    if kind == "multiple":
        right = len(chosen_ids & correct_ids)
        wrong = len(chosen_ids - correct_ids)
        return points * max(0.0, (right - wrong) / len(correct_ids))
    raise ValueError(f"unknown question kind {kind!r}")


def score_quiz(
    questions: Sequence[QuestionKey],
    answers: Mapping[str, set[str] | frozenset[str]],
    pass_mark: float,
) -> QuizResult:
    """Score a whole attempt.

    percent = Σ points earned / Σ max points × 100; passed = percent >= pass_mark (a
    percentage, e.g. 70). A question missing from ``answers`` scores 0; answers to ids
    that are not in ``questions`` (e.g. a question removed since) are ignored.
    """
    if not 0 <= pass_mark <= 100:
        raise ValueError(f"pass_mark is a percentage within 0..100, got {pass_mark}")
    if not questions:
        raise ValueError("a quiz needs at least one question")
    per_question: dict[str, QuestionResult] = {}
    for question in questions:
        if question.id in per_question:
            # Would silently drop a question from max_points: the loader forbids it.
            raise ValueError(f"duplicate question id {question.id!r}")
        chosen = frozenset(answers.get(question.id, frozenset()))
        correct = frozenset(question.correct_ids)
        earned = score_question(question.kind, correct, chosen, question.points)
        per_question[question.id] = QuestionResult(earned, float(question.points), correct, chosen)
    points = math.fsum(r.points for r in per_question.values())
    max_points = math.fsum(r.max_points for r in per_question.values())
    if max_points <= 0:
        raise ValueError("a quiz needs at least one question worth points")
    percent = points / max_points * 100
    passed = percent >= pass_mark - _PASS_TOLERANCE
    return QuizResult(points, max_points, percent, passed, per_question)


def question_statistics(
    attempt_matrix: Sequence[Mapping[str, float]], max_points: Mapping[str, float]
) -> dict[str, QuestionStats]:
    """Facility and discrimination index of each question (Moodle quiz statistics).

    For question i over the attempts that include it (x_i = score on i, X = attempt total):

    facility F_i       = 100 · mean(x_i) / max_i        (the minimum score is 0)
    discrimination D_i = r(x_i, X − x_i)                (Pearson; "rest of the quiz")

    Leaving x_i out of the total matters: with few questions an item correlates with a
    total that contains itself even when it measures nothing else. Moodle shows D_i as a
    percentage (100 · r); we keep r and let the template format it. Trainers read a high
    facility as "easy" and a low or negative discrimination as "does not separate the
    people who know the module from those who don't" (often a miskeyed option).

    ``attempt_matrix`` has one mapping per attempt (the caller picks which attempts: e.g.
    each person's first). ``max_points`` lists the questions to report; a question absent
    from some attempts is computed over the attempts that have it.
    """
    stats: dict[str, QuestionStats] = {}
    totals = [math.fsum(attempt.values()) for attempt in attempt_matrix]
    for qid, maximum in max_points.items():
        if maximum <= 0:
            raise ValueError(f"max_points for {qid!r} must be positive")
        scores: list[float] = []
        rests: list[float] = []
        for attempt, total in zip(attempt_matrix, totals, strict=True):
            if qid in attempt:
                scores.append(attempt[qid])
                rests.append(total - attempt[qid])
        n = len(scores)
        facility = 100 * math.fsum(scores) / n / maximum if n else None
        stats[qid] = QuestionStats(facility, pearson(scores, rests), n)
    return stats
