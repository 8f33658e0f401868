"""`flask db backup` and `flask db restore`: a backup restored into a fresh database holds
exactly what the first one held, table by table; SQLite's backup works while the app writes."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from academy import create_app
from academy.extensions import db
from tests import factories
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL
from tests.cycles import answered_cycle, make_cycle


def _everything() -> dict[str, list[tuple]]:
    return {
        table.name: sorted(
            (tuple(str(v) for v in row) for row in db.session.execute(select(table))), key=str
        )
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def second_database(tmp_path):
    """An empty database of the kind under test, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"academy_restore_{secrets.token_hex(4)}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_then_restore_into_a_fresh_database_gives_every_row_back(
    app_factory, tmp_path, second_database
):
    source = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'live.db'}"
    app = app_factory(SQLALCHEMY_DATABASE_URI=source)
    people = [factories.user() for _ in range(6)]
    answered_cycle(people, name="Backed up")
    make_cycle(None, "Open now")
    before = _everything()
    assert before["responses"]
    assert before["cycle_results"]
    backup_file = tmp_path / "backup.bin"
    result = app.test_cli_runner().invoke(args=["db", "backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    fresh = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": second_database})
    runner = fresh.test_cli_runner()
    with fresh.app_context():  # the commands run on the fresh app, not the test's own
        result = runner.invoke(args=["db", "restore", str(backup_file)])
        assert result.exit_code != 0  # asks first
        result = runner.invoke(args=["db", "restore", "--yes", str(backup_file)])
        assert result.exit_code == 0, result.output
        after = _everything()
        db.session.remove()
        db.engine.dispose()
    assert after == before


def test_backup_works_while_the_app_writes(app_factory, tmp_path):
    """SQLite's online backup and pg_dump both copy a consistent snapshot under writes."""
    source = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'busy.db'}"
    app = app_factory(SQLALCHEMY_DATABASE_URI=source)
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        with app.app_context():
            while not stop.is_set():
                written.append(factories.user().id)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for n in range(3):
            result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / f"b{n}")])
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        writer.join()
    assert written
    assert Path(tmp_path / "b2").stat().st_size > 0
