"""The migration chain builds the schema from empty, and the models agree with it."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from academy import create_app
from academy.extensions import db
from tests.assess.attack import best_linking, postgres_orderings, sqlite_orderings
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL


@contextmanager
def empty_database(tmp_path) -> Iterator[str]:
    """A brand-new database of the kind under test, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"academy_migrations_{secrets.token_hex(4)}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migrated_app(tmp_path):
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()


def test_upgrade_from_empty_creates_every_table(migrated_app):
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_models_match_migrations(migrated_app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree; run `flask db migrate`: {diff}"


def test_downgrade_to_base_and_up_again(migrated_app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "users" in inspect(db.engine).get_table_names()


def _old_data(conn, people: int) -> None:
    """Data as the schema before sealed answers kept it: answers in submission order."""
    conn.execute(
        text(
            "INSERT INTO departments (id, name, slug, created_at) VALUES (1, 'Care', 'care', CURRENT_TIMESTAMP)"
        )
    )
    for n in range(1, people + 1):
        conn.execute(
            text(
                "INSERT INTO users (id, email, given_name, family_name, department_id, active, "
                "session_version, created_at) VALUES (:i, :e, 'P', '', 1, true, 1, CURRENT_TIMESTAMP)"
            ),
            {"i": n, "e": f"p{n}@example.com"},
        )
    for cycle_id, status in ((1, "closed"), (2, "open")):
        conn.execute(
            text(
                "INSERT INTO cycles (id, assessment_id, assessment_version, name, opens_on, closes_on, "
                "status, created_at) VALUES (:i, 'customer-culture', 'old', :n, '2026-01-01', "
                "'2026-02-01', :s, CURRENT_TIMESTAMP)"
            ),
            {"i": cycle_id, "n": f"Cycle {cycle_id}", "s": status},
        )
        conn.execute(
            text(
                "INSERT INTO cycle_headcounts (cycle_id, department_id, headcount) VALUES (:c, 1, :h)"
            ),
            {"c": cycle_id, "h": people - 2},
        )
        answering = range(1, people + 1) if cycle_id == 1 else range(1, 6)
        for n in answering:  # one transaction per submission, in order, as before
            rid = hashlib.sha256(f"{cycle_id}-{n}".encode()).hexdigest()[:32]
            conn.execute(
                text("INSERT INTO participations (cycle_id, user_id) VALUES (:c, :u)"),
                {"c": cycle_id, "u": n},
            )
            conn.execute(
                text(
                    "INSERT INTO responses (id, cycle_id, department_id, submitted_on, "
                    "assessment_version, comment) VALUES (:r, :c, 1, '2026-01-02', 'old', :m)"
                ),
                {"r": rid, "c": cycle_id, "m": f"person {n}"},
            )
            conn.execute(
                text(
                    "INSERT INTO answers (response_id, item_id, dimension_id, cycle_id, "
                    "department_id, value, score) VALUES (:r, 'ant-1', 'anticipation', :c, 1, :v, :v)"
                ),
                {"r": rid, "c": cycle_id, "v": 1 + n % 5},
            )
            conn.commit()


def test_upgrade_moves_existing_answers_to_the_anonymous_storage(migrated_app):
    from academy import jobs
    from academy.models import CycleResult, Job

    people = 40
    downgrade(revision="04daccf70568")
    with db.engine.connect() as conn:
        _old_data(conn, people)
    upgrade()
    db.session.remove()
    columns = {c["name"] for c in inspect(db.engine).get_columns("responses")}
    assert columns == {"id", "cycle_id", "department_id", "comment"}
    rows = db.session.execute(text("SELECT id, comment FROM responses WHERE cycle_id = 1")).all()
    assert sorted(c for _i, c in rows) == sorted(f"person {n}" for n in range(1, people + 1))
    # The physical order no longer follows the order of submission: the attacker of the
    # anonymity tests links no more than a random order would (10 or more of 40 would
    # be a one-in-ten-million chance).
    comment_of = dict(rows)
    if ON_POSTGRES:
        orderings = postgres_orderings("responses")
    else:
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        orderings = sqlite_orderings(Path(db.engine.url.database), "responses")
    orderings = {k: [r for r in v if r in comment_of] for k, v in orderings.items()}
    submitted = [f"person {n}" for n in range(1, people + 1)]
    links, _how = best_linking(submitted, orderings, comment_of.get)
    assert links < 10
    assert db.session.scalar(text("SELECT COUNT(*) FROM answers")) == people + 5
    # The open cycle goes on: everyone active is asked, the five who answered are marked.
    members = db.session.execute(
        text("SELECT user_id, answered FROM cycle_members WHERE cycle_id = 2")
    ).all()
    assert len(members) == people
    assert {u for u, answered in members if answered} == {1, 2, 3, 4, 5}
    # The closed cycle's results are computed by a queued job, from what it had.
    stored = db.session.get(CycleResult, 1)
    assert stored.version == 0
    assert stored.inputs["participation"]["1"] == {
        "asked_at_opening": people - 2,
        "joined": 2,
        "answered": people,
    }
    job = db.session.scalar(select(Job).where(Job.name == "cycle.results"))
    assert job.args == {"cycle_id": 1}
    jobs.run_now(job.id)
    db.session.expire_all()
    assert db.session.get(CycleResult, 1).payload["company"]["respondents"] == people
