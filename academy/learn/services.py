"""Learning use cases: what a person may take, where they stand, completing modules.

No request, flash or login here: routes call these and turn their answers into pages.
The catalog (files) says what exists; the database only records activity, keyed by the
content's module id and version hash.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, literal, null, select, union_all
from sqlalchemy.exc import IntegrityError

from academy.catalog import Catalog, Module
from academy.extensions import db
from academy.models import ModuleProgress, QuizAttempt, User, utcnow

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"  # a module without a quiz, marked as read
PASSED = "passed"  # a module with a quiz, quiz passed
DONE = frozenset({COMPLETED, PASSED})


class LearnError(Exception):
    """A learning action was refused; ``reason`` says why ("locked", "no_quiz", ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Score:
    """A person's quiz record on one module: best score, how many attempts, the latest."""

    best_pct: float
    attempts: int
    latest_id: int


@dataclass(frozen=True)
class Progress:
    """The dates of a progress row, where a whole ModuleProgress is not needed."""

    started_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class ModuleState:
    """Where one person stands on one module."""

    module: Module
    status: str
    score: Score | None
    started_at: datetime | None
    completed_at: datetime | None
    missing: tuple[Module, ...]  # prerequisites still to complete

    @property
    def locked(self) -> bool:
        return bool(self.missing)

    @property
    def done(self) -> bool:
        return self.status in DONE

    def page_key(self) -> tuple:
        """Everything of this state a module page shows: part of the page's cache key."""
        return (self.status, self.score, self.completed_at, tuple(m.id for m in self.missing))


@dataclass(frozen=True)
class RequiredProgress:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total


# -- what a person may see ------------------------------------------------------------


def department_slug(user: User) -> str | None:
    return user.department.slug if user.department is not None else None


def can_take(user: User, module: Module) -> bool:
    """Published modules whose audience includes the person's department."""
    return not module.is_draft and module.is_for(department_slug(user))


def visible_module(user: User, catalog: Catalog, module_id: str) -> Module | None:
    module = catalog.module(module_id)
    return module if module is not None and can_take(user, module) else None


def content_language(module: Module, lang: str) -> str:
    """The language the module's page is actually served in (it falls back to the default)."""
    return module.titles.resolve(lang)


# -- where a person stands ------------------------------------------------------------


def _progress(user_id: int, module_ids: Iterable[str] | None = None) -> dict[str, ModuleProgress]:
    query = select(ModuleProgress).where(ModuleProgress.user_id == user_id)
    if module_ids is not None:
        query = query.where(ModuleProgress.module_id.in_(list(module_ids)))
    return {p.module_id: p for p in db.session.scalars(query)}


def _scores(user_id: int, module_ids: Iterable[str] | None = None) -> dict[str, Score]:
    """Best score, attempt count and latest attempt per module: one GROUP BY query."""
    query = (
        select(
            QuizAttempt.module_id,
            func.max(QuizAttempt.score_pct),
            func.count(QuizAttempt.id),
            func.max(QuizAttempt.id),
        )
        .where(QuizAttempt.user_id == user_id)
        .group_by(QuizAttempt.module_id)
    )
    if module_ids is not None:
        query = query.where(QuizAttempt.module_id.in_(list(module_ids)))
    return {
        row[0]: Score(float(row[1]), int(row[2]), int(row[3])) for row in db.session.execute(query)
    }


def _state(
    user: User,
    catalog: Catalog,
    module: Module,
    progress: Mapping[str, ModuleProgress | Progress],
    scores: Mapping[str, Score],
) -> ModuleState:
    row = progress.get(module.id)
    completed_at = row.completed_at if row is not None else None
    score = scores.get(module.id)
    if completed_at is not None:
        status = PASSED if module.quiz is not None else COMPLETED
    elif row is not None or score is not None:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    return ModuleState(
        module=module,
        status=status,
        score=score,
        started_at=row.started_at if row is not None else None,
        completed_at=completed_at,
        missing=_missing(user, catalog, module, progress),
    )


def _missing(
    user: User, catalog: Catalog, module: Module, progress: Mapping[str, ModuleProgress | Progress]
) -> tuple[Module, ...]:
    """Prerequisites not yet completed.

    Only prerequisites the person can take count: one meant for another department, or
    still a draft, would lock the module for good, which is never what a trainer wants.
    """
    missing = []
    for prereq_id in module.prerequisites:
        prereq = catalog.module(prereq_id)
        if prereq is None or not can_take(user, prereq):
            continue
        row = progress.get(prereq_id)
        if row is None or row.completed_at is None:
            missing.append(prereq)
    return tuple(missing)


def states_for(
    user: User, catalog: Catalog, required: Collection[str] | None = None
) -> list[ModuleState]:
    """Every module the person can take, required ones first, with their status.

    ``required``: the ids of the modules required of this person (files and HR's
    assignments, academy.training); by default, those the files require of everyone.
    Two queries whatever the number of modules: progress rows and best scores.
    """
    modules = catalog.visible_modules(department_slug(user))
    progress, scores = _progress(user.id), _scores(user.id)
    states = [_state(user, catalog, m, progress, scores) for m in modules]
    wanted = _required_ids(states, required)
    # sorted() is stable: within each group the catalog's display order stays.
    return sorted(states, key=lambda s: s.module.id not in wanted)


def _required_ids(states: Sequence[ModuleState], required: Collection[str] | None) -> set[str]:
    if required is None:
        return {s.module.id for s in states if s.module.required}
    return set(required)


# Runs on every module page, as one Core statement on the request's connection (so it
# sees the request's own writes). The progress rows and the score aggregate come back
# together, told apart by the first column.
_STATE_QUERY = union_all(
    select(
        literal("progress"),
        ModuleProgress.module_id,
        ModuleProgress.started_at,
        ModuleProgress.completed_at,
        null(),
        null(),
        null(),
    )
    # All the person's progress rows (at most one per module) rather than an IN
    # list of the module and its prerequisites, whose length would change the SQL.
    .where(ModuleProgress.user_id == bindparam("user_id")),
    select(
        literal("score"),
        QuizAttempt.module_id,
        null(),
        null(),
        func.max(QuizAttempt.score_pct),
        func.count(QuizAttempt.id),
        func.max(QuizAttempt.id),
    )
    .where(
        QuizAttempt.user_id == bindparam("user_id"),
        QuizAttempt.module_id == bindparam("module_id"),
    )
    .group_by(QuizAttempt.module_id),
)


def state_of(user: User, catalog: Catalog, module: Module) -> ModuleState:
    """One module's state: progress of it and its prerequisites, and its scores (one query)."""
    progress: dict[str, Progress] = {}
    scores: dict[str, Score] = {}
    rows = db.session.execute(_STATE_QUERY, {"user_id": user.id, "module_id": module.id})
    for kind, module_id, started, completed, best, count, latest in rows:
        if kind == "progress":
            progress[module_id] = Progress(started, completed)
        else:
            scores[module_id] = Score(float(best), int(count), int(latest))
    return _state(user, catalog, module, progress, scores)


def required_progress(
    states: Sequence[ModuleState], required: Collection[str] | None = None
) -> RequiredProgress:
    wanted = _required_ids(states, required)
    mine = [s for s in states if s.module.id in wanted]
    return RequiredProgress(sum(1 for s in mine if s.done), len(mine))


def next_module(states: Sequence[ModuleState]) -> ModuleState | None:
    """What to take next: the first open required module, else the first open optional one."""
    return next((s for s in states if not s.done and not s.locked), None)


# -- starting and completing -----------------------------------------------------------


def start_module(user: User, module: Module) -> None:
    """Record the first visit to a module page (later visits change nothing)."""
    if db.session.get(ModuleProgress, (user.id, module.id)) is not None:
        return
    db.session.add(
        ModuleProgress(user_id=user.id, module_id=module.id, module_version=module.version)
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same person opened it in another tab at the same moment
        db.session.rollback()


def complete_module(user: User, module: Module) -> None:
    """Set completion in the current transaction; the first completion date is kept."""
    row = db.session.get(ModuleProgress, (user.id, module.id))
    if row is None:
        row = ModuleProgress(user_id=user.id, module_id=module.id, module_version=module.version)
        db.session.add(row)
    if row.completed_at is None:
        row.completed_at = utcnow()
        row.module_version = module.version


def mark_read(user: User, catalog: Catalog, module: Module) -> None:
    """Complete a module without a quiz."""
    if module.quiz is not None:
        raise LearnError("has_quiz")
    if state_of(user, catalog, module).locked:
        raise LearnError("locked")
    complete_module(user, module)
    db.session.commit()
