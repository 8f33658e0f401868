"""`flask db backup` and `flask db restore`: a consistent copy of the database, and back.

* SQLite: SQLite's online backup API, which copies a consistent snapshot while the app
  keeps writing (the database runs in write-ahead-log mode, so readers and the backup
  never block writers for long).
* PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``, the server's own
  tools, which must be installed where the command runs (same major version or newer).

A backup taken while an assessment cycle is open holds that cycle's answers sealed: they
can only be read with the sealing key, so keep backups and the key apart
(docs/anonymity.md).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask_migrate.cli import db as db_cli
from sqlalchemy.engine import make_url

from academy.extensions import db


class BackupError(click.ClickException):
    """The backup or restore could not be done; the message says why."""


def _sqlite_path() -> Path | None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _libpq_url() -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: it comes with PostgreSQL's client tools")
    return path


def default_backup_path(instance_path: str, sqlite: bool) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(instance_path) / "backups" / f"academy-{stamp}.{'db' if sqlite else 'dump'}"


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to ``target``; returns it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_path()
    if source is not None:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return target
    completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url()],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
    return target


def restore(source: Path) -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    target = _sqlite_path()
    db.session.remove()
    db.engine.dispose()
    if target is not None:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url()}",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")


@db_cli.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path | None) -> None:
    """Write a consistent copy of the database to PATH (default: instance/backups/)."""
    target = path or default_backup_path(current_app.instance_path, _sqlite_path() is not None)
    written = backup(target)
    click.echo(f"Backup written to {written} ({written.stat().st_size:,} bytes).")


@db_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in PATH."""
    if not yes:
        click.confirm(
            "This replaces everything in the database with the backup. Continue?", abort=True
        )
    restore(path)
    click.echo(f"Database restored from {path}. Run `flask db upgrade` if the backup is older.")
