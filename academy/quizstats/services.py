"""Per quiz and per question statistics (Moodle's quiz statistics report).

Per quiz (all attempts, SQL): attempts, people, mean score, pass rate. Per question
(each person's first attempt at the current quiz version, whose answers are re-scored
against the current answer key): facility, discrimination (corrected item-total
correlation) and how often each option was chosen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from academy.catalog import Module, Question
from academy.content import get_catalog
from academy.quizstats.queries import QuizSummary, first_attempt_answers, quiz_summaries
from academy.scoring import QuestionKey, question_statistics, score_question


@dataclass(frozen=True)
class QuestionReport:
    question: Question
    facility: float | None
    discrimination: float | None
    attempts: int
    chosen: dict[str, int]  # option id -> how many first attempts chose it

    def share(self, option_id: str) -> float | None:
        return self.chosen.get(option_id, 0) / self.attempts * 100 if self.attempts else None

    @property
    def tempting(self) -> str | None:
        """The wrong option chosen most often (if anyone chose a wrong one)."""
        wrong = [(self.chosen.get(o.id, 0), o.id) for o in self.question.options if not o.correct]
        best = max(wrong, default=(0, None))
        return best[1] if best[0] else None


def quiz_overview() -> list[tuple[Module, QuizSummary | None]]:
    summaries = quiz_summaries()
    return [(m, summaries.get(m.id)) for m in get_catalog().modules.values() if m.quiz is not None]


def question_reports(module: Module) -> tuple[int, list[QuestionReport]]:
    """(first attempts analysed, one report per question of the current quiz)."""
    quiz = module.quiz
    assert quiz is not None  # noqa: S101 - the route only passes modules with a quiz
    attempts = first_attempt_answers(module.id, quiz.version)
    keys = {
        q.id: QuestionKey(q.id, q.type, q.points, q.correct_ids)  # type: ignore[arg-type]
        for q in quiz.questions
    }
    matrix: list[dict[str, float]] = []
    chosen: dict[str, Counter[str]] = {q.id: Counter() for q in quiz.questions}
    for answers in attempts:
        row = {}
        for qid, key in keys.items():
            picks = frozenset(answers.get(qid) or ())
            chosen[qid].update(picks)
            row[qid] = score_question(key.kind, key.correct_ids, picks, key.points)
        matrix.append(row)
    stats = question_statistics(matrix, {q.id: q.points for q in quiz.questions})
    return len(attempts), [
        QuestionReport(
            q, stats[q.id].facility, stats[q.id].discrimination, stats[q.id].n, dict(chosen[q.id])
        )
        for q in quiz.questions
    ]
