"""DESIGN.md invariant 3: nobody, not even someone who reads the whole database, can tie
an assessment answer to the person who gave it.

The attacks of the anonymity review, as tests: reading every column, joining on
PostgreSQL's system columns (xmin, ctid), walking the SQLite file's pages in physical
order, reading the database while a cycle is open, and looking in the session.
"""

from __future__ import annotations

import random
import secrets
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from academy.assess import release
from academy.assess.cycles import close_cycle
from academy.assess.responses import submit_response
from academy.content import get_catalog
from academy.extensions import db
from academy.models import AuditEvent, CycleMember, SealedResponse, WebSession
from tests import factories
from tests.assess.attack import best_linking, postgres_orderings, sqlite_orderings
from tests.conftest import ON_POSTGRES, login
from tests.cycles import ASSESSMENT_ID, form_data, make_cycle

PEOPLE = 40
#: A random guess links one person on average; more than 3 of 40 would be a leak.
CHANCE_BOUND = 3


def _rows(table: str) -> list[dict]:
    # Raw SQL, not the ORM: this is what anyone with database access would see.
    return [dict(r._mapping) for r in db.session.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608


@pytest.fixture
def file_app(app_factory, tmp_path):
    """On SQLite, a database file the attacker can read page by page."""
    if ON_POSTGRES:
        return app_factory()
    return app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'academy.db'}")


def _database_file(app) -> Path:
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return Path(db.engine.url.database)


def _run(seed: int) -> tuple[list[str], dict[str, str]]:
    """40 people answer in a random order and the cycle closes. Returns the order they
    submitted in (emails) and, for the test only, whose comment is whose."""
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    dept = factories.department(f"Field {seed}")
    people = [factories.user(dept=dept, password=None) for _ in range(PEOPLE)]
    cycle = make_cycle(None, f"Cycle {seed}")
    order = random.Random(seed).sample(people, len(people))
    owner: dict[str, str] = {}
    for n, person in enumerate(order):
        comment = f"note-{seed}-{n:02d}"
        owner[comment] = person.email
        values = {i.id: 1 + (n + k) % 5 for k, i in enumerate(assessment.items)}
        submit_response(cycle, person, values, comment)
    close_cycle(cycle, None)
    return [p.email for p in order], owner


@pytest.mark.parametrize("seed", [11, 23, 47])
def test_full_database_access_links_nobody_better_than_chance(file_app, monkeypatch, seed):
    monkeypatch.setattr(release, "shuffle_rng", random.Random(seed * 7919))
    submitted, owner = _run(seed)
    comment_of = {r["id"]: r["comment"] for r in _rows("responses")}

    def owner_of(response_id: str) -> str | None:
        return owner.get(comment_of.get(response_id, ""))

    if ON_POSTGRES:
        orderings = postgres_orderings("responses")
        # Every released answer was written by one transaction: xmin joins nobody.
        xmins = {
            r[0] for r in db.session.execute(text("SELECT DISTINCT xmin::text FROM responses"))
        }
        assert len(xmins) == 1
    else:
        orderings = sqlite_orderings(_database_file(file_app), "responses")
    assert all(len(order) == PEOPLE for order in orderings.values())
    links, how = best_linking(submitted, orderings, owner_of)
    assert links <= CHANCE_BOUND, f"{links} of {PEOPLE} linked by {how}"


def test_the_attacker_is_strong_enough_to_catch_ordered_storage(file_app):
    """Control: rows written in submission order (as answers were before sealing) are
    linked by the same attacker. Without this, the test above could pass by weakness."""
    db.session.execute(
        text(
            "CREATE TABLE ordered_copy (id VARCHAR(32) PRIMARY KEY, note TEXT)"
            + ("" if ON_POSTGRES else " WITHOUT ROWID")
        )
    )
    submitted = [f"person-{n}" for n in range(PEOPLE)]
    ids = {}
    for person in submitted:
        ids[person] = secrets.token_hex(16)
        db.session.execute(
            text("INSERT INTO ordered_copy (id, note) VALUES (:i, :n)"),
            {"i": ids[person], "n": person},
        )
        db.session.commit()
    owner = {v: k for k, v in ids.items()}
    if ON_POSTGRES:
        orderings = postgres_orderings("ordered_copy")
    else:
        orderings = sqlite_orderings(_database_file(file_app), "ordered_copy")
    links, _how = best_linking(submitted, orderings, owner.get)
    assert links >= PEOPLE * 3 // 4


def test_while_open_the_database_holds_no_readable_answer(file_app):
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    cycle = make_cycle(None)
    secrets_typed = []
    for n in range(6):
        words = f"my-private-comment-{secrets.token_hex(6)}"
        secrets_typed.append(words)
        person = factories.user()
        values = {i.id: 1 + n % 5 for i in assessment.items}
        submit_response(cycle, person, values, words * (n + 1))
    assert _rows("responses") == []
    assert _rows("answers") == []
    sealed = db.session.scalars(select(SealedResponse.payload)).all()
    assert len(sealed) == 6
    # Every sealed answer has the same length, whatever the comment's length.
    assert len({len(p) for p in sealed}) == 1
    for payload in sealed:
        for words in secrets_typed:
            assert words.encode() not in payload
    if not ON_POSTGRES:
        raw = _database_file(file_app).read_bytes()
        for words in secrets_typed:
            assert words.encode() not in raw


def test_closing_leaves_no_sealed_answer_and_no_readable_remnant(file_app):
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    cycle = make_cycle(None)
    person = factories.user()
    submit_response(cycle, person, {i.id: 4 for i in assessment.items}, "kept words")
    sealed_before = db.session.scalars(select(SealedResponse.payload)).all()
    close_cycle(cycle, None)
    assert _rows("sealed_responses") == []
    assert [r["comment"] for r in _rows("responses")] == ["kept words"]
    if not ON_POSTGRES:
        raw = _database_file(file_app).read_bytes()
        assert sealed_before[0][:48] not in raw  # overwritten (secure_delete), not just unlinked


def test_stored_columns_identify_nobody(app):
    columns = {
        table: {c["name"] for c in inspect(db.engine).get_columns(table)}
        for table in ("responses", "answers", "sealed_responses", "cycle_members")
    }
    # No user, no date, no time, no sequence: cycle and department (and the answer).
    assert columns["responses"] == {"id", "cycle_id", "department_id", "comment"}
    assert columns["answers"] == {
        "response_id",
        "item_id",
        "dimension_id",
        "cycle_id",
        "department_id",
        "value",
        "score",
    }
    assert columns["sealed_responses"] == {"id", "cycle_id", "payload"}
    # Who was asked and whether they answered: never what, never when.
    assert columns["cycle_members"] == {
        "id",
        "cycle_id",
        "user_id",
        "department_id",
        "joined_late",
        "answered",
    }
    if not ON_POSTGRES:
        # No hidden rowid numbers the answers either.
        for table in ("responses", "answers", "sealed_responses"):
            sql = db.session.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
            ).scalar_one()
            assert "WITHOUT ROWID" in sql


def test_participation_says_who_answered_and_nothing_else(app, employee):
    cycle = make_cycle(None)
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    client = app.test_client()
    login(client, employee)
    assert client.post("/assessment/", data=form_data(assessment, cycle)).status_code == 200
    member = db.session.scalar(select(CycleMember).where(CycleMember.user_id == employee.id))
    assert member.answered is True
    assert member.department_id == employee.department_id


def test_answering_leaves_no_audit_trail_and_nothing_personal_in_any_session(app, employee):
    cycle = make_cycle(None)
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    before = db.session.query(AuditEvent).count()
    client = app.test_client()
    login(client, employee)
    response = client.post(
        "/assessment/", data=form_data(assessment, cycle, "2", comment="secret words")
    )
    assert response.status_code == 200
    assert db.session.query(AuditEvent).count() == before
    cookie = client.get_cookie("session").value
    assert "secret" not in cookie
    for row in db.session.scalars(select(WebSession)):
        assert "secret words" not in row.data
        assert "item-" not in row.data


def test_result_page_is_not_cached(app, employee):
    cycle = make_cycle(None)
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    client = app.test_client()
    login(client, employee)
    response = client.post("/assessment/", data=form_data(assessment, cycle))
    assert response.headers["Cache-Control"] == "no-store"
