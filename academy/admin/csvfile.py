"""Reading a people CSV: encoding, delimiter, header and row shape.

Columns are named after SCIM's enterprise user attributes. The file must be UTF-8
(with or without the BOM spreadsheets add); commas, semicolons (what a spreadsheet in
Italian saves) and tabs are recognised from the header line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _

COLUMNS = (
    "email",
    "given_name",
    "family_name",
    "employee_number",
    "department",
    "roles",
    "language",
)
REQUIRED_COLUMNS = ("email", "given_name", "department")


class CsvFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]
    # Set when the row does not have one value per column; the values are then unusable.
    shape_error: str | None = None


@dataclass(frozen=True)
class CsvTable:
    columns: tuple[str, ...]
    rows: list[CsvRow]


def _column_name(raw: str) -> str:
    # "givenName", "Given name" and "given-name" all mean given_name.
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", raw.strip())
    return re.sub(r"[\s\-]+", "_", name).lower()


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (the byte at position %(position)d cannot be read). "
                "Save it as “CSV UTF-8” and try again.",
                position=exc.start + 1,
            )
        ) from exc


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(columns: list[str]) -> None:
    if "" in columns:
        raise CsvFileError(_("The header has an empty column name."))
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise CsvFileError(
            _(
                "Unknown column(s): %(unknown)s. The columns are: %(expected)s.",
                unknown=", ".join(unknown),
                expected=", ".join(COLUMNS),
            )
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise CsvFileError(_("Repeated column(s): %(columns)s.", columns=", ".join(repeated)))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CsvFileError(
            _(
                "Missing required column(s): %(missing)s. The first line must name the columns, "
                "e.g. %(example)s.",
                missing=", ".join(missing),
                example=",".join(COLUMNS),
            )
        )


def read_table(data: bytes) -> CsvTable:
    """Decode and parse the file. Raises CsvFileError for problems with the whole file."""
    text = decode(data)
    if "\x00" in text:
        raise CsvFileError(_("The file contains binary data: it is not a CSV file."))
    if not text.strip():
        raise CsvFileError(_("The file is empty."))
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    rows: list[CsvRow] = []
    columns: list[str] | None = None
    try:
        line = 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                columns = [_column_name(c) for c in record]
                _check_header(columns)
                continue
            if len(record) != len(columns):
                error = _(
                    "this row has %(found)d values but the header has %(expected)d columns",
                    found=len(record),
                    expected=len(columns),
                )
                rows.append(CsvRow(start, {}, error))
                continue
            rows.append(CsvRow(start, dict(zip(columns, (c.strip() for c in record), strict=True))))
    except csv.Error as exc:
        raise CsvFileError(
            _("The file cannot be read as CSV near line %(line)d: %(error)s", line=line, error=exc)
        ) from exc
    if columns is None:
        raise CsvFileError(_("The file is empty."))
    return CsvTable(tuple(columns), rows)
