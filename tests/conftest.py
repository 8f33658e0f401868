"""Fixture stack: app, db, client, runner, login. One database URL per run:
SQLite in memory by default, PostgreSQL when TEST_DATABASE_URL says so."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import close_all_sessions

from academy import create_app
from academy.extensions import db
from tests import factories
from tests.mailserver import smtp_server  # noqa: F401 - a fixture for every test

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
_schema_ready = False


class Client(FlaskClient):
    """Each request runs in its own app context, as in production: `g` (and the logged-in
    user cached on it) is not shared between requests or clients. Afterwards the test's
    own session is expired so it sees what the request wrote."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():  # not in a test's own worker threads
            db.session.expire_all()
        return response


def make_app(**overrides: object) -> Flask:
    config = {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL}
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = Client
    return app


def _reset_schema() -> None:
    """SQLite in memory starts empty per app; PostgreSQL is rebuilt once per run and
    emptied after each test (much faster than recreating tables every time)."""
    global _schema_ready
    if not ON_POSTGRES:
        db.create_all()
        return
    if not _schema_ready:
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
        db.create_all()
        _schema_ready = True


def _empty_tables() -> None:
    if ON_POSTGRES:
        # Fresh connections: a test may have left the pool's broken (database outages).
        try:
            db.session.remove()
        except DBAPIError:
            db.session().invalidate()
            db.session.remove()
        db.engine.dispose()
    db.session.rollback()
    if ON_POSTGRES:
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
    else:
        db.drop_all()


@pytest.fixture
def app_factory(tmp_path) -> Iterator:
    """Build apps with config overrides; each gets a ready, empty database."""
    contexts = []

    def build(**overrides: object) -> Flask:
        overrides.setdefault("MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
        app = make_app(**overrides)
        ctx = app.app_context()
        ctx.push()
        _reset_schema()
        contexts.append(ctx)
        return app

    yield build
    # Every app's session first: one left in a transaction (two apps on one database)
    # would hold locks that the emptying below waits for.
    with contextlib.suppress(DBAPIError):  # a test may have cut its connection
        close_all_sessions()
    for ctx in reversed(contexts):
        _empty_tables()
        db.session.remove()
        # Close the pool now rather than at garbage collection: the PostgreSQL server is
        # shared, and idle pools of finished tests would pile up towards max_connections.
        db.engine.dispose()
        ctx.pop()


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def login(client: FlaskClient, user_or_email, password: str = factories.PASSWORD, **kw):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/auth/login", data={"email": email, "password": password, **kw})


@pytest.fixture
def employee(app):
    return factories.user()


@pytest.fixture
def logged_in(client, employee):
    login(client, employee)
    return client


@pytest.fixture
def as_role(app):
    """Log a fresh client in as a new user holding `roles`: as_role("hr")."""

    def make(*roles: str, **kw):
        c = app.test_client()
        u = factories.user(*roles, **kw)
        response = login(c, u)
        assert response.status_code == 302, response.get_data(as_text=True)
        c.user = u
        return c

    return make


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only (real concurrency) run in the PostgreSQL pass only.

    They are deselected, not skipped, on SQLite: under CI=true a skip fails the run,
    and the same run's PostgreSQL pass executes them.
    """
    if ON_POSTGRES:
        return
    kept = [item for item in items if not item.get_closest_marker("postgres_only")]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing is skipped silently: a skip becomes a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CI=true, which must run everything: {reason}"
