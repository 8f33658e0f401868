"""Request values the database can hold: ids within its integer range.

An id past the range of the database's integer columns (a 20-digit number in the URL)
made PostgreSQL raise an error, and so a 500. Route ids use a bounded ``int``
converter, so such a URL simply does not match (404); query parameters go through
:func:`query_int`.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

#: The largest value of a 32-bit signed integer column (ids, counts).
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """Flask's ``int`` converter limited to 1..MAX_ID (ids are never 0 or negative)."""

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def query_int(name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter: None when absent or empty; 404 when it is not a whole
    number within range (it cannot name anything that exists)."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        abort(404)
    value = int(raw)
    if not minimum <= value <= maximum:
        abort(404)
    return value
