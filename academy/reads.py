"""The reads nearly every request makes, run straight on the database driver.

The logged-in user is read on every request and a module's progress on every module
page. Each is one small indexed query, cheaper than what SQLAlchemy does around it
on every execution (cache key, execution context, result objects): through the ORM
session such a read cost several times the query itself. So these statements are
still written with SQLAlchemy, compiled once per database dialect, and their results
converted by the columns' own types, but executed on the driver's cursor of a pooled
connection. Writes, and every other read, go through `db.session`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import CompoundSelect, Dialect, Select

from academy.extensions import db


class FastRead:
    """A SELECT compiled once per dialect and run on the driver's cursor."""

    def __init__(self, statement: Select | CompoundSelect) -> None:
        self.statement = statement
        self._prepared: dict[str, _Prepared] = {}

    def all(self, **params: Any) -> list[tuple]:
        """Every row, each value converted as SQLAlchemy would for its column's type."""
        dialect = db.engine.dialect
        prepared = self._prepared.get(dialect.name)
        if prepared is None:
            prepared = self._prepared[dialect.name] = _Prepared(self.statement, dialect)
        # Checked out for this read only and given back at once: the pool ends whatever
        # transaction the driver began, so no read holds locks or a snapshot.
        conn = db.engine.raw_connection()
        try:
            cursor = conn.cursor()
            cursor.execute(prepared.sql, prepared.arguments(params))
            rows = cursor.fetchall()
            cursor.close()
        finally:
            conn.close()
        return prepared.convert(rows)


class _Prepared:
    def __init__(self, statement: Select | CompoundSelect, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.defaults = dict(compiled.params)  # literal values in the statement
        # Positional paramstyles (SQLite's "?") list the names in order; named ones don't.
        self.names: Sequence[str] | None = compiled.positiontup
        self.processors: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        ]

    def arguments(self, params: dict[str, Any]) -> dict[str, Any] | list[Any]:
        values = {**self.defaults, **params}
        return [values[name] for name in self.names] if self.names is not None else values

    def convert(self, rows: list[Any]) -> list[tuple]:
        if not any(self.processors):
            return [tuple(row) for row in rows]
        return [
            tuple(
                v if p is None or v is None else p(v)
                for p, v in zip(self.processors, row, strict=True)
            )
            for row in rows
        ]
