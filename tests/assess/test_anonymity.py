"""DESIGN.md invariant 3: stored answers carry the cycle, the department and the date,
and nothing that leads back to the person."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from academy.extensions import db
from academy.models import AuditEvent
from tests import factories
from tests.assess.conftest import form_data
from tests.conftest import ON_POSTGRES, login

HEX32 = re.compile(r"[0-9a-f]{32}")


def _rows(table: str) -> list[dict]:
    # Raw SQL, not the ORM: this is what anyone with database access would see.
    return [dict(r._mapping) for r in db.session.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608


def _submit(app, cycle, assessment, person, value="4", comment=""):
    client = app.test_client()
    login(client, person)
    response = client.post(
        "/assessment/", data=form_data(assessment, cycle, value, comment=comment)
    )
    assert response.status_code == 200
    return client


def test_stored_columns_identify_nobody(app, cycle, assessment):
    dept = factories.department("Field Service")
    people = [
        factories.user(dept=dept, given_name=f"Given{n}", family_name=f"Family{n}")
        for n in range(8)
    ]
    for n, person in enumerate(people):
        _submit(app, cycle, assessment, person, value=str(n % 5 + 1), comment=f"note {n}")
    db.session.expire_all()

    columns = {
        table: {c["name"] for c in inspect(db.engine).get_columns(table)}
        for table in ("responses", "answers", "participations")
    }
    assert columns["responses"] == {
        "id",
        "cycle_id",
        "department_id",
        "submitted_on",
        "assessment_version",
        "comment",
    }
    assert columns["answers"] == {
        "response_id",
        "item_id",
        "dimension_id",
        "cycle_id",
        "department_id",
        "value",
        "score",
    }
    assert columns["participations"] == {"cycle_id", "user_id"}

    responses = _rows("responses")
    answers = _rows("answers")
    assert len(responses) == 8
    assert len(answers) == 8 * 32
    identifying = set()
    for person in people:
        identifying |= {person.email, person.given_name, person.family_name, person.name}
    for row in responses + answers:
        for column, value in row.items():
            assert not any(token in str(value) for token in identifying), (column, value)
    for row in responses:
        assert row["department_id"] == dept.id
        assert row["cycle_id"] == cycle.id
        # A date and nothing finer: no time of day anywhere.
        stored = row["submitted_on"]
        if isinstance(stored, str):  # SQLite keeps dates as ISO text
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stored), stored
        else:
            assert isinstance(stored, date)
            assert not isinstance(stored, datetime)
        assert HEX32.fullmatch(row["id"])
    assert {a["response_id"] for a in answers} == {r["id"] for r in responses}

    # Ids are random: unique, and their values do not follow the order of submission
    # (8 random ids come out sorted once in 40,320 runs).
    id_of = {r["comment"]: r["id"] for r in responses}
    in_submission_order = [id_of[f"note {n}"] for n in range(8)]
    assert len(set(in_submission_order)) == 8
    assert in_submission_order != sorted(in_submission_order)
    if not ON_POSTGRES:
        # SQLite: the tables are WITHOUT ROWID, so rows are kept in random-id order and no
        # hidden rowid counts submissions. (PostgreSQL's physical row order is outside
        # the schema's reach; README.md tells operators to restrict raw database access.)
        assert [r["id"] for r in responses] == sorted(in_submission_order)
        for table in ("responses", "answers", "participations"):
            with pytest.raises(OperationalError):
                db.session.execute(text(f"SELECT rowid FROM {table}"))  # noqa: S608
            db.session.rollback()


def test_participation_says_who_answered_and_nothing_else(app, cycle, assessment, employee):
    _submit(app, cycle, assessment, employee)
    assert _rows("participations") == [{"cycle_id": cycle.id, "user_id": employee.id}]


def test_answering_leaves_no_audit_trail_and_nothing_in_the_session(
    app, cycle, assessment, employee
):
    before = db.session.query(AuditEvent).count()
    client = _submit(app, cycle, assessment, employee, comment="secret words")
    assert db.session.query(AuditEvent).count() == before
    cookie = client.get_cookie("session")
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(cookie.value)
    assert set(session) <= {"_user_id", "_fresh", "_id", "_permanent", "csrf_token", "lang"}
    assert "secret words" not in str(session)


def test_result_page_is_not_cached(app, cycle, assessment, employee):
    client = app.test_client()
    login(client, employee)
    response = client.post("/assessment/", data=form_data(assessment, cycle))
    assert response.headers["Cache-Control"] == "no-store"
