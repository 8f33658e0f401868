"""Deleting a person leaves no trace of them in any table; anonymous answers stay."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from academy.audit import record
from academy.extensions import db
from academy.models import (
    ApiToken,
    AuditEvent,
    CycleMember,
    ModuleProgress,
    QuizAttempt,
    Response,
    User,
    utcnow,
)
from tests import factories
from tests.conftest import login
from tests.cycles import answered_cycle, answers

EMAIL = "zebulon.quixote@example.com"
TRACES = (EMAIL, "zebulon", "quixote", "zq-4711")


def make_history(admin_user: User) -> tuple[User, int]:
    person = factories.user("hr", email=EMAIL, given_name="Zebulon", family_name="Quixote")
    person.employee_number = "ZQ-4711"
    db.session.add_all(
        [
            ModuleProgress(user_id=person.id, module_id="basics", module_version="v1"),
            QuizAttempt(
                user_id=person.id,
                module_id="basics",
                module_version="v1",
                quiz_version="q1",
                submission_token="tok-1",
                answers={"q1": ["a"]},
                points=1,
                max_points=1,
                score_pct=100,
                passed=True,
                started_at=utcnow(),
                duration_seconds=30,
            ),
            ApiToken(
                name="Reporting for Zebulon Quixote",
                token_hash="0" * 64,
                prefix="abc",
                created_by_id=person.id,
                expires_at=utcnow(),
            ),
        ]
    )
    db.session.commit()
    # They answered a cycle that has since closed: an anonymous response stays behind.
    cycle = answered_cycle([person], name="Autumn")
    record(person, "cycle.opened", target_type="cycle", target_id=cycle.id, target_label="Autumn")
    record(admin_user, "user.created", target_type="user", target_id=person.id, target_label=EMAIL)
    record(
        admin_user,
        "export.downloaded",
        target_type="export",
        target_label="Export for Zebulon Quixote",
        recipients=[EMAIL, "someone.else@example.com"],
    )
    db.session.commit()
    return person, cycle.id


def rows_mentioning(person_id: int) -> list[str]:
    """Every place in the database that still points at or names the person."""
    found = []
    for table in db.metadata.sorted_tables:
        user_fks = {
            c.name
            for c in table.columns
            if any(fk.column.table.name == "users" for fk in c.foreign_keys)
        }
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if column in user_fks and value == person_id:
                    found.append(f"{table.name}.{column} = {value}")
                if table.name == "users" and column == "id" and value == person_id:
                    found.append(f"users.id = {value}")
                if (
                    table.name == "audit_events"
                    and column == "target_id"
                    and row["target_type"] == "user"
                    and value == str(person_id)
                ):
                    found.append(f"audit_events.target_id = {value}")
                text = json.dumps(value, default=str).lower()
                found += [f"{table.name}.{column} contains {t!r}" for t in TRACES if t in text]
    return found


def test_deletion_leaves_no_trace_and_keeps_anonymous_answers(app, admin):
    person, cycle_id = make_history(admin.user)
    theirs = app.test_client()
    login(theirs, person)
    assert rows_mentioning(person.id)  # the check does find the person before deletion
    person_id = person.id

    confirm = admin.get(f"/admin/users/{person_id}/delete").get_data(as_text=True)
    assert "Delete Zebulon Quixote?" in confirm
    response = admin.post(f"/admin/users/{person_id}/delete", follow_redirects=True)
    assert "Zebulon Quixote and their activity have been deleted." in response.get_data(
        as_text=True
    )

    assert rows_mentioning(person_id) == []
    for model in (ModuleProgress, QuizAttempt):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    # Who was asked stays counted, without the person; the anonymous response and its
    # answers are still there, under the department.
    [member] = db.session.scalars(select(CycleMember).where(CycleMember.answered.is_(True))).all()
    assert member.user_id is None
    [kept] = db.session.scalars(select(Response)).all()
    assert kept.cycle_id == cycle_id
    assert len(kept.answers) == len(answers())
    # Other people's data is untouched; the log keeps what happened, without the person.
    token = db.session.scalar(select(ApiToken))
    assert (token.created_by_id, token.name, token.prefix) == (None, "[removed]", "abc")
    export = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.downloaded"))
    assert export.details == {"recipients": ["[removed]", "someone.else@example.com"]}
    deleted = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deleted"))
    assert (deleted.actor_id, deleted.target_id, deleted.target_label) == (
        admin.user.id,
        None,
        None,
    )
    # Their session is over.
    assert theirs.get("/").status_code == 302
    assert admin.get(f"/admin/users/{person_id}").status_code == 404


def test_admin_cannot_delete_themselves(app, admin):
    page = admin.post(f"/admin/users/{admin.user.id}/delete", follow_redirects=True)
    assert "You cannot delete your own account." in page.get_data(as_text=True)
    assert db.session.get(User, admin.user.id) is not None


def test_audit_page_shows_deleted_people_without_naming_them(app, admin):
    person, _cycle = make_history(admin.user)
    admin.post(f"/admin/users/{person.id}/delete", follow_redirects=True)  # reads the flash
    html = admin.get("/admin/audit").get_data(as_text=True)
    assert "Person deleted" in html
    assert "deleted person" in html
    assert "System or deleted person" in html  # the cycle they opened
    assert not any(t in html.lower() for t in TRACES)
