"""An attacker with full read access to the database, trying to tie people to answers.

The attacker is given the strongest side information there is: the exact order in which
people submitted (a web server log, session timestamps or PostgreSQL's ``xmin`` on the
participation rows give it). They then try every physical order the database keeps
rows in, and guess that the k-th person to submit wrote the k-th answer in that order.
Anonymity holds when no ordering links more people than a random guess would.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import text

from academy.extensions import db


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise ValueError("bad varint")


def _first_text(record: bytes) -> str | None:
    """The first column of an SQLite record, if it is text."""
    header_size, pos = _varint(record, 0)
    serial, _ = _varint(record, pos)
    if serial >= 13 and serial % 2:
        length = (serial - 13) // 2
        return record[header_size : header_size + length].decode("utf-8", "replace")
    return None


def sqlite_physical_rows(path: Path, table: str) -> list[tuple[int, int, str]]:
    """(page number, offset of the cell in its page, first column) of every row of a
    WITHOUT ROWID table, read from the database file's B-tree pages."""
    data = path.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0] or 65536
    root = db.session.execute(
        text("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    found: list[tuple[int, int, str]] = []
    pending = [root]
    while pending:
        number = pending.pop()
        base = (number - 1) * page_size
        head = base + (100 if number == 1 else 0)
        kind = data[head]
        cells = struct.unpack(">H", data[head + 3 : head + 5])[0]
        interior = kind in (0x02, 0x05)
        pointers = head + (12 if interior else 8)
        if interior:
            pending.append(struct.unpack(">I", data[head + 8 : head + 12])[0])
        for i in range(cells):
            offset = struct.unpack(">H", data[pointers + 2 * i : pointers + 2 * i + 2])[0]
            pos = base + offset
            if interior:
                pending.append(struct.unpack(">I", data[pos : pos + 4])[0])
                pos += 4
            if kind in (0x02, 0x0A):  # index B-tree: WITHOUT ROWID tables live in these
                size, pos = _varint(data, pos)
                value = _first_text(data[pos : pos + min(size, page_size)])
                if value is not None:
                    found.append((number, offset, value))
    return found


def sqlite_orderings(path: Path, table: str) -> dict[str, list[str]]:
    """Every physical order of the table's rows an attacker could try."""
    rows = sqlite_physical_rows(path, table)
    return {
        "file offset": [v for _p, _o, v in sorted(rows, key=lambda r: (r[0], r[1]))],
        "file offset, reversed": [v for _p, _o, v in sorted(rows, key=lambda r: (-r[0], -r[1]))],
        # Cells are written from the end of a page towards its start: newest lowest.
        "page, newest cell first": [v for _p, _o, v in sorted(rows, key=lambda r: (r[0], -r[1]))],
        "page reversed, cells in order": [
            v for _p, _o, v in sorted(rows, key=lambda r: (-r[0], r[1]))
        ],
    }


def postgres_orderings(table: str, key: str = "id") -> dict[str, list[str]]:
    """Orders PostgreSQL keeps: the physical tuple position (ctid), the writing
    transaction (xmin), and the order of a plain scan."""
    rows = db.session.execute(
        text(f"SELECT {key}, ctid::text AS ctid, xmin::text AS xmin FROM {table}")  # noqa: S608
    ).all()

    def ctid(value: str) -> tuple[int, int]:
        block, item = value.strip("()").split(",")
        return int(block), int(item)

    by_ctid = [r[0] for r in sorted(rows, key=lambda r: ctid(r.ctid))]
    return {
        "ctid": by_ctid,
        "ctid, reversed": by_ctid[::-1],
        "xmin, then ctid": [r[0] for r in sorted(rows, key=lambda r: (int(r.xmin), ctid(r.ctid)))],
        "scan order": [r[0] for r in rows],
    }


def best_linking(
    submitted: Sequence[str],
    orderings: dict[str, list[str]],
    owner_of: Callable[[str], str | None],
) -> tuple[int, str]:
    """The most people any ordering links correctly, and which ordering did it.

    ``submitted`` lists people in the order they submitted; ``owner_of(row key)`` is the
    truth (known to the test, not the attacker): whose answer a stored row is.
    """
    best, name = 0, ""
    for label, order in orderings.items():
        hits = sum(
            1 for person, row in zip(submitted, order, strict=False) if owner_of(row) == person
        )
        if hits > best:
            best, name = hits, label
    return best, name
