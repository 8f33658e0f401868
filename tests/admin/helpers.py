"""Helpers for administration tests: emails in the outbox, CSV files, table counts."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from academy.extensions import db

HEADER = "email,given_name,family_name,employee_number,department,roles,language"


def outbox(app: Flask) -> list[EmailMessage]:
    """The messages written to the app's outbox, oldest first."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The link in a message, as a path on this site."""
    url = re.search(r"https?://\S+", text_of(message)).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# Bookkeeping of the request itself (its login session), not data the action writes.
_NOT_DATA = {"web_sessions"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every data table, to show that something wrote nothing."""
    return {
        table.name: sorted(
            (tuple(str(v) for v in row) for row in db.session.execute(select(table))),
        )
        for table in db.metadata.sorted_tables
        if table.name not in _NOT_DATA
    }
