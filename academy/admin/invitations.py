"""Invitations: one person from their page, or many at once from the people list or an
import report, sent by a job. A person whose invitation link still works is skipped, so
re-sending never puts a second live link in anyone's inbox."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from academy import jobs
from academy.audit import record
from academy.auth import emails
from academy.auth.password_links import invitation_link
from academy.extensions import db
from academy.mail import Mail
from academy.models import Delivery, DeliveryStatus, Job, Person, User, utcnow
from academy.outreach import Planned, Skip, composer, plan, send_batch
from academy.outreach.deliveries import Recipient

INVITE = "invitation"
INVITE_JOB = "people.invite"
_DELIVERED = (DeliveryStatus.SENT, DeliveryStatus.SENDING, DeliveryStatus.UNCERTAIN)


def live_invitations(user_ids: Iterable[int]) -> set[int]:
    """Who among `user_ids` has an invitation whose link still works: sent within its
    lifetime, for the account as it is now (no password set, same session version)."""
    ids = list(user_ids)
    if not ids:
        return set()
    since = utcnow() - timedelta(hours=current_app.config["INVITATION_MAX_AGE_HOURS"])
    live: set[int] = set()
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            select(Delivery.user_id, Delivery.args, User.session_version)
            .join(User, User.id == Delivery.user_id)
            .where(
                Delivery.user_id.in_(ids[start : start + 500]),
                Delivery.kind == INVITE,
                Delivery.status.in_(_DELIVERED),
                Delivery.created_at >= since,
                User.password_hash.is_(None),
            )
        ).all()
        live |= {u for u, args, version in rows if (args or {}).get("sv") == version}
    return live


def queue_invitations(actor: Person, user_ids: Iterable[int]) -> Job:
    """Invite these people in the background; the job's page counts sent and skipped."""
    ids = sorted(set(user_ids))
    batch = f"invite:{secrets.token_hex(8)}"
    job = jobs.enqueue(
        INVITE_JOB, batch=batch, user_ids=ids, inviter=actor.name, created_by_id=actor.id
    )
    record(actor, "user.bulk_invited", target_type="job", target_id=job.id, people=len(ids))
    return job


@jobs.job(INVITE_JOB)
def invite_people(batch: str, user_ids: list[int], inviter: str, progress: jobs.Progress) -> None:
    if db.session.scalar(select(Delivery.id).where(Delivery.batch == batch).limit(1)) is None:
        people = {
            u.id: u
            for start in range(0, len(user_ids), 500)
            for u in db.session.execute(
                select(
                    User.id, User.active, User.password_hash.is_not(None), User.session_version
                ).where(User.id.in_(user_ids[start : start + 500]))
            )
        }
        live = live_invitations(people)
        planned = []
        for user_id in user_ids:
            person = people.get(user_id)
            if person is None:
                continue
            skip = None
            if not person.active:
                skip = "inactive"
            elif person[2]:
                skip = "has_password"
            elif user_id in live:
                skip = "live_link"
            planned.append(
                Planned(
                    f"{batch}:{user_id}",
                    user_id,
                    {"inviter": inviter, "sv": person.session_version},
                    skip=skip,
                )
            )
        plan(batch, INVITE, planned)
        db.session.commit()
    send_batch(batch, progress)


@composer(INVITE)
def _invitation(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    if person.has_password:
        return Skip("has_password")
    user = db.session.get_one(User, person.id)
    if user.session_version != args.get("sv"):
        return Skip("live_link")
    return emails.invitation(user, invitation_link, inviter_name=args.get("inviter"))


def record_single(user: User) -> None:
    """An invitation sent from the person's page, so that bulk sending skips them."""
    key = f"invite:single:{secrets.token_hex(8)}"
    plan(key, INVITE, [Planned(key, user.id, {"sv": user.session_version})])
    db.session.execute(
        Delivery.__table__.update()
        .where(Delivery.key == key)
        .values(status=DeliveryStatus.SENT, sent_at=utcnow(), attempts=1)
    )
