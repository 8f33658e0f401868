"""Planning a batch of messages, and sending it: the states are described in __init__."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from academy import jobs
from academy.extensions import db
from academy.mail import Mail, Mailer, MailError
from academy.models import Delivery, DeliveryStatus, Job, User, utcnow

log = logging.getLogger("academy.outreach")

SEND_JOB = "mail.send"
_CHUNK = 200
_PROGRESS_EVERY = 1.0  # seconds between progress notes


@dataclass(frozen=True)
class Recipient:
    """What a composer may use of a person, read in one query per chunk of messages."""

    id: int
    email: str
    given_name: str
    family_name: str
    language: str | None
    department_id: int
    active: bool
    has_password: bool

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class Skip:
    """A planned message that is no longer needed, and why (a short code)."""

    reason: str


@dataclass(frozen=True)
class Planned:
    """One message to plan: its key, its recipient, what its composer needs."""

    key: str
    user_id: int
    args: Mapping[str, Any] = field(default_factory=dict)
    # Known at planning time not to be sent (e.g. "has_password"): recorded as skipped.
    skip: str | None = None


#: composer(recipient, args, memo) -> the message, or Skip. ``memo`` is a dict that
#: lives for one run of a batch, for what every message of the batch shares.
Composer = Callable[[Recipient, Mapping[str, Any], dict[str, Any]], Mail | Skip]
COMPOSERS: dict[str, Composer] = {}


def composer(kind: str) -> Callable[[Composer], Composer]:
    def register(function: Composer) -> Composer:
        if kind in COMPOSERS and COMPOSERS[kind] is not function:
            raise ValueError(f"composer {kind!r} is registered twice")
        COMPOSERS[kind] = function
        return function

    return register


def plan(
    batch: str, kind: str, messages: Iterable[Planned], *, cycle_id: int | None = None
) -> None:
    """Add a row per message whose key is not planned yet, in the caller's transaction."""
    if kind not in COMPOSERS:
        raise ValueError(f"unknown kind of message {kind!r}")
    now = utcnow()
    rows = [
        {
            "key": m.key,
            "batch": batch,
            "kind": kind,
            "user_id": m.user_id,
            "cycle_id": cycle_id,
            "args": dict(m.args),
            "status": DeliveryStatus.SKIPPED if m.skip else DeliveryStatus.PENDING,
            "reason": m.skip,
            "attempts": 0,
            "created_at": now,
        }
        for m in messages
    ]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(rows), 1000):
        statement = insert(Delivery).on_conflict_do_nothing(index_elements=["key"])
        db.session.execute(statement, rows[start : start + 1000])


def send_planned(batch: str, *, created_by_id: int | None = None) -> Job:
    """Queue the sending of a batch planned in this transaction (dispatched on commit)."""
    return jobs.enqueue(SEND_JOB, key=f"mail:{batch}", batch=batch, created_by_id=created_by_id)


@jobs.job(SEND_JOB)
def _send_job(batch: str, progress: jobs.Progress) -> None:
    send_batch(batch, progress)


def counts(batch: str) -> dict[str, int]:
    """How many messages of a batch are in each state (every state present, maybe 0)."""
    found = dict(
        db.session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.batch == batch)
            .group_by(Delivery.status)
        ).all()
    )
    return {status.value: int(found.get(status, 0)) for status in DeliveryStatus}


def send_batch(batch: str, progress: jobs.Progress) -> None:
    """Send every pending message of `batch`; raise RetryLater when the server is down.

    Must run in the batch's one job: the job's key makes sure no other run of the same
    batch is sending at the same time.
    """
    _settle_interrupted(batch)
    state = counts(batch)
    total = sum(state.values())
    done = total - state[DeliveryStatus.PENDING.value]
    progress(done, total)
    memo: dict[str, Any] = {}
    book = _Book()
    last_note = time.monotonic()
    with Mailer(current_app.config, current_app.logger) as mailer:
        try:
            while rows := _next_chunk(batch):
                recipients = _recipients({r.user_id for r in rows if r.user_id is not None})
                for row in rows:
                    outcome = _compose(row, recipients.get(row.user_id), memo)
                    if isinstance(outcome, Skip):
                        book.write(skipped=(row.id, outcome.reason))
                    else:
                        book.write(sending=row.id)
                        try:
                            mailer.send(outcome)
                        except MailError as exc:
                            if not exc.permanent:
                                book.write(retry=(row.id, str(exc)))
                                raise jobs.RetryLater(
                                    f"mail server: {exc}", made_progress=book.progressed
                                ) from exc
                            book.write(failed=(row.id, str(exc)))
                        else:
                            book.sent = row.id
                    done += 1
                    if time.monotonic() - last_note >= _PROGRESS_EVERY:
                        progress(done, total)
                        last_note = time.monotonic()
        finally:
            book.write()
    progress(done, total)


class _Book:
    """Writes each message's new state, one commit per message.

    The confirmation of the message just sent is written with the next message's
    "sending" mark, in the same commit: a message is only ever unrecorded while it is
    the one being handed to the mail server.
    """

    def __init__(self) -> None:
        self.sent: int | None = None
        self.progressed = False

    def write(
        self,
        *,
        sending: int | None = None,
        skipped: tuple[int, str] | None = None,
        failed: tuple[int, str] | None = None,
        retry: tuple[int, str] | None = None,
    ) -> None:
        now = utcnow()
        changes: list[tuple[int, dict[str, Any]]] = []
        if self.sent is not None:
            changes.append((self.sent, {"status": DeliveryStatus.SENT, "sent_at": now}))
            self.sent = None
            self.progressed = True
        if sending is not None:
            changes.append(
                (sending, {"status": DeliveryStatus.SENDING, "attempts": Delivery.attempts + 1})
            )
        if skipped is not None:
            changes.append((skipped[0], {"status": DeliveryStatus.SKIPPED, "reason": skipped[1]}))
            self.progressed = True
        if failed is not None:
            changes.append(
                (failed[0], {"status": DeliveryStatus.FAILED, "reason": failed[1][:500]})
            )
            self.progressed = True
        if retry is not None:
            changes.append((retry[0], {"status": DeliveryStatus.PENDING, "reason": retry[1][:500]}))
        if not changes:
            return
        for delivery_id, values in changes:
            db.session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()


@dataclass(frozen=True)
class _Row:
    id: int
    kind: str
    user_id: int | None
    args: Mapping[str, Any]


def _next_chunk(batch: str) -> list[_Row]:
    rows = db.session.execute(
        select(Delivery.id, Delivery.kind, Delivery.user_id, Delivery.args)
        .where(Delivery.batch == batch, Delivery.status == DeliveryStatus.PENDING)
        .order_by(Delivery.id)
        .limit(_CHUNK)
    ).all()
    return [_Row(r.id, r.kind, r.user_id, r.args or {}) for r in rows]


def _recipients(user_ids: set[int]) -> dict[int, Recipient]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(
            User.id,
            User.email,
            User.given_name,
            User.family_name,
            User.language,
            User.department_id,
            User.active,
            User.password_hash.is_not(None),
        ).where(User.id.in_(user_ids))
    ).all()
    return {r[0]: Recipient(*r) for r in rows}


def _compose(row: _Row, recipient: Recipient | None, memo: dict[str, Any]) -> Mail | Skip:
    if recipient is None:
        return Skip("deleted")
    if not recipient.active:
        return Skip("inactive")
    compose = COMPOSERS.get(row.kind)
    if compose is None:
        return Skip("unknown_kind")
    return compose(recipient, row.args, memo)


def _settle_interrupted(batch: str) -> None:
    """Rows a dead worker left in "sending" may or may not have gone out: never resend."""
    changed = db.session.execute(
        update(Delivery)
        .where(Delivery.batch == batch, Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.UNCERTAIN, reason="interrupted")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if changed:
        log.warning(
            "%d message(s) of %s were being sent when a worker stopped: not sent again",
            changed,
            batch,
        )
