"""`flask users import FILE`: the same import as the upload page, from a shell."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from academy.admin.csvfile import CsvFileError
from academy.admin.imports import REJECT, ImportReport, run_import

ACTION_NAMES = {
    "create": "create",
    "update": "update",
    "unchanged": "unchanged",
    "reject": "REJECTED",
}


def _print_report(report: ImportReport) -> None:
    for row in report.rows:
        line = f"line {row.line:<5} {ACTION_NAMES[row.action]:<10} {row.email or '-'}"
        if row.errors:
            line += ": " + "; ".join(row.errors)
        elif row.changes:
            line += f" ({', '.join(row.changes)})"
        click.echo(line)
    for error in report.file_errors:
        click.echo(f"error: {error}")
    if report.new_departments:
        verb = "would be created" if report.dry_run or not report.ok else "created"
        click.echo(f"New departments {verb}: {', '.join(report.new_departments)}")
    counts = (
        f"{report.count('create')} to create, {report.count('update')} to update, "
        f"{report.count('unchanged')} unchanged, {report.count(REJECT)} rejected"
    )
    if report.applied:
        click.echo(
            f"Imported: {report.count('create')} created, {report.count('update')} updated, "
            f"{report.count('unchanged')} unchanged."
        )
    elif report.dry_run:
        click.echo(f"Dry run: {counts}. Nothing was written.")
    else:
        click.echo(f"Nothing was imported ({counts}): fix the rejected rows and run again.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option(
    "--create-departments",
    is_flag=True,
    help="Create the departments the file names that do not exist yet.",
)
@with_appcontext
def import_command(file: Path, dry_run: bool, create_departments: bool) -> None:
    """Create and update people from a CSV FILE.

    Columns: email, given_name, family_name, employee_number, department, roles,
    language. The file is imported only if every row is valid, in one transaction;
    otherwise nothing is written. Exits with 1 when any row is rejected.
    """
    data = file.read_bytes()
    rows = max(1, data.count(b"\n"))
    with force_locale("en"):
        try:
            with click.progressbar(
                length=rows, label="Checking rows", file=sys.stderr, show_pos=True
            ) as bar:
                report = run_import(
                    data,
                    actor=None,
                    dry_run=dry_run,
                    create_departments=create_departments,
                    filename=file.name,
                    channel="cli",
                    progress=bar.update,
                )
        except CsvFileError as exc:
            raise click.ClickException(f"{file.name}: {exc}") from exc
        _print_report(report)
    if not report.ok:
        click.get_current_context().exit(1)
