"""Flask extensions, created unbound here and initialised by the application factory."""

import sqlite3

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic find, alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


# Every limit here guards a form (logging in, asking for a password reset), so each is
# declared with methods=["POST"]; the limiter's per-request bookkeeping is skipped for
# the other methods, which are nearly all requests. A test in tests/test_auth.py
# checks that no limit is declared for another method.
LIMITED_METHODS = frozenset({"POST"})


@limiter.request_filter
def _no_limit_applies() -> bool:
    return request.method not in LIMITED_METHODS


@event.listens_for(Engine, "connect")
def _sqlite_connection_settings(dbapi_connection: object, _record: object) -> None:
    """Every SQLite connection: enforce foreign keys (as PostgreSQL does), overwrite
    deleted content in the file (sealed answers, kept forms: nothing readable remains
    in free pages), wait up to 5 s for the write lock instead of failing at once, and,
    for a database file, write-ahead logging so readers never block the writer (and a
    backup can be taken while the app writes)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    database = cursor.execute("PRAGMA database_list").fetchone()
    if database is not None and database[2]:  # a file, not ":memory:"
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()
