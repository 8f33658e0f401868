"""Generated training activity: module progress and scored quiz attempts."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from sqlalchemy import insert

from academy.catalog import Catalog, Module
from academy.demo_generate.people import CHUNK, Dept
from academy.extensions import db
from academy.models import ModuleProgress, QuizAttempt, utcnow
from academy.people import slugify
from academy.scoring import QuestionKey, score_quiz


def _quiz_answers(
    rng: random.Random, module: Module, ability: float, difficulty: dict[str, float]
) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    assert module.quiz is not None  # noqa: S101 - callers pass quiz modules only
    for question in module.quiz.questions:
        p_right = 1 / (1 + math.exp(-(ability - difficulty[question.id])))
        correct = [o.id for o in question.options if o.correct]
        wrong = [o.id for o in question.options if not o.correct]
        if rng.random() < p_right or not wrong:
            answers[question.id] = correct if question.type == "multiple" else correct[:1]
        elif question.type == "multiple":
            picks = [o for o in correct if rng.random() < 0.6] + [rng.choice(wrong)]
            answers[question.id] = sorted(picks)
        else:
            # The first wrong option is the tempting one: chosen twice as often.
            answers[question.id] = [rng.choice([wrong[0], *wrong])]
    return answers


def make_training(rng: random.Random, catalog: Catalog, depts: list[Dept]) -> int:
    modules = [m for m in catalog.modules.values() if not m.is_draft]
    difficulty = {
        m.id: {q.id: rng.gauss(-0.6, 0.8) for q in m.quiz.questions} for m in modules if m.quiz
    }
    keys = {
        m.id: [QuestionKey(q.id, q.type, q.points, q.correct_ids) for q in m.quiz.questions]  # type: ignore[arg-type]
        for m in modules
        if m.quiz
    }
    now = utcnow()
    progress_rows: list[dict] = []
    attempt_rows: list[dict] = []
    attempts = 0
    for dept in depts:
        slug = slugify(dept.name)
        for user_id in dept.user_ids:
            ability = rng.gauss(0.4 + dept.effect, 0.9)
            for module in modules:
                if not module.is_for(slug):
                    continue
                engagement = dept.training * (1.0 if module.required else 0.55)
                if rng.random() > engagement + 0.1:
                    continue
                started = now - timedelta(days=rng.randint(20, 500), minutes=rng.randint(0, 600))
                completed = None
                if module.quiz is None:
                    completed = started + timedelta(minutes=module.minutes)
                else:
                    for n in range(rng.choice((1, 1, 1, 2, 2, 3))):
                        answers = _quiz_answers(
                            rng, module, ability + 0.5 * n, difficulty[module.id]
                        )
                        scored = score_quiz(
                            keys[module.id],
                            {k: frozenset(v) for k, v in answers.items()},
                            module.quiz.pass_mark,
                        )
                        at = started + timedelta(days=n, minutes=module.minutes)
                        attempt_rows.append(
                            {
                                "user_id": user_id,
                                "module_id": module.id,
                                "module_version": module.version,
                                "quiz_version": module.quiz.version,
                                "submission_token": f"demo-{module.id}-{n}",
                                "answers": answers,
                                "points": scored.points,
                                "max_points": scored.max_points,
                                "score_pct": round(scored.percent, 2),
                                "passed": scored.passed,
                                "started_at": at - timedelta(minutes=4),
                                "submitted_at": at,
                                "duration_seconds": rng.randint(90, 600),
                            }
                        )
                        attempts += 1
                        if scored.passed:
                            completed = at
                            break
                progress_rows.append(
                    {
                        "user_id": user_id,
                        "module_id": module.id,
                        "module_version": module.version,
                        "started_at": started,
                        "completed_at": completed,
                    }
                )
    for start in range(0, len(progress_rows), CHUNK):
        db.session.execute(insert(ModuleProgress.__table__), progress_rows[start : start + CHUNK])
    for start in range(0, len(attempt_rows), CHUNK):
        db.session.execute(insert(QuizAttempt.__table__), attempt_rows[start : start + CHUNK])
    return attempts
