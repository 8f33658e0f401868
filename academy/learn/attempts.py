"""Quiz attempts: the signed ticket a quiz form carries, scoring, storing, reviewing.

An attempt is scored against exactly the quiz version the person was shown: the ticket
names it, and a submission for another version is refused (the page shows the current
quiz again). The ticket's one-time token makes a second submission of the same form
return the attempt already stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, Signer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from academy.catalog import Module, Question, Quiz
from academy.extensions import db
from academy.learn.services import LearnError, complete_module
from academy.models import QuizAttempt, User, utcnow
from academy.models.people import PersonMixin
from academy.scoring import QuestionKey, QuizResult, score_quiz

_TICKET_SALT = "academy.learn.quiz-ticket"


@dataclass(frozen=True)
class Ticket:
    """What the quiz form carries, signed: who started which quiz version, and when."""

    token: str
    user_id: int
    module_id: str
    quiz_version: str
    started_at: datetime


def _signer() -> Signer:
    # One per app: every module page signs a ticket.
    signer = current_app.extensions.get(_TICKET_SALT)
    if signer is None:
        signer = Signer(current_app.secret_key, salt=_TICKET_SALT)
        current_app.extensions[_TICKET_SALT] = signer
    return signer


def issue_ticket(
    user: PersonMixin,
    module: Module,
    *,
    token: str | None = None,
    started_at: datetime | None = None,
) -> str:
    """A signed ticket for the quiz form: the time taken and quiz version cannot be forged.

    ``token`` and ``started_at`` carry over from a ticket for an older quiz version when
    the quiz is shown again after it changed. The fields are joined with dots (none of
    them can contain one: see `read_ticket`) and signed, which is several times cheaper
    than a JSON payload; every module page issues one.
    """
    if module.quiz is None:
        raise LearnError("no_quiz")
    started = int((started_at or utcnow()).replace(tzinfo=UTC).timestamp())
    fields = (token or secrets.token_urlsafe(24), user.id, module.id, module.quiz.version, started)
    return _signer().sign(".".join(map(str, fields))).decode()


def read_ticket(signed: str | None, user: PersonMixin, module: Module) -> Ticket | None:
    """The ticket, if it is genuine and was issued to this person for this module."""
    if not signed:
        return None
    try:
        value = _signer().unsign(signed).decode()
    except BadSignature:
        return None
    # token_urlsafe, a number, a module id (a slug), a hex digest, a number: no dots.
    parts = value.split(".")
    if len(parts) != 5:
        return None
    token, user_id, module_id, quiz_version, started = parts
    if user_id != str(user.id) or module_id != module.id or not started.isdigit():
        return None
    return Ticket(token, user.id, module.id, quiz_version, _from_timestamp(int(started)))


def _from_timestamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def find_attempt(user: User, token: str) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user.id, QuizAttempt.submission_token == token
        )
    )


def score(quiz: Quiz, answers: Mapping[str, Iterable[str]]) -> QuizResult:
    keys = [QuestionKey(q.id, q.type, q.points, q.correct_ids) for q in quiz.questions]  # type: ignore[arg-type]
    return score_quiz(keys, {k: frozenset(v) for k, v in answers.items()}, quiz.pass_mark)


def submit_attempt(
    user: User, module: Module, ticket: Ticket, answers: Mapping[str, Iterable[str]]
) -> QuizAttempt:
    """Score and store an attempt; a second submission of the same ticket returns the first.

    The unique (user, submission token) constraint settles races between two requests
    that both passed the look-up (two tabs, a double click).
    """
    quiz = module.quiz
    if quiz is None:
        raise LearnError("no_quiz")
    if ticket.quiz_version != quiz.version:
        raise LearnError("quiz_changed")
    existing = find_attempt(user, ticket.token)
    if existing is not None:
        return existing
    chosen = {q.id: sorted(set(answers.get(q.id, ()))) for q in quiz.questions}
    result = score(quiz, chosen)
    now = utcnow()
    # Two requests may race: the same form twice (one token: the unique constraint lets
    # one in, the other returns it), or two passing attempts from two tabs (both may try
    # to create the module's progress row: the second tries again and updates it).
    for tries_left in (1, 0):
        attempt = QuizAttempt(
            user_id=user.id,
            module_id=module.id,
            module_version=module.version,
            quiz_version=quiz.version,
            submission_token=ticket.token,
            answers=chosen,
            points=result.points,
            max_points=result.max_points,
            score_pct=round(result.percent, 2),
            passed=result.passed,
            started_at=ticket.started_at,
            submitted_at=now,
            duration_seconds=max(0, int((now - ticket.started_at).total_seconds())),
        )
        try:
            with db.session.no_autoflush:
                db.session.add(attempt)
                if result.passed:
                    complete_module(user, module)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            existing = find_attempt(user, ticket.token)
            if existing is not None:
                return existing
            if not tries_left:
                raise
            continue
        return attempt
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def user_attempt(user: User, attempt_id: int) -> QuizAttempt | None:
    """One of the person's own attempts (never someone else's)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


@dataclass(frozen=True)
class QuestionReview:
    question: Question
    chosen: frozenset[str]
    points: float
    max_points: float

    @property
    def right(self) -> bool:
        return self.points >= self.max_points


def review(attempt: QuizAttempt, quiz: Quiz) -> list[QuestionReview]:
    """Each current question with what the attempt chose and the points that earns."""
    answers = {k: frozenset(v) for k, v in (attempt.answers or {}).items()}
    result = score(quiz, answers)
    return [
        QuestionReview(
            q, answers.get(q.id, frozenset()), result.per_question[q.id].points, q.points
        )
        for q in quiz.questions
    ]
