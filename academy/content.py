"""The trainers' content as the web app sees it: one catalog store per app."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from academy.catalog import Catalog, CatalogStore, check_content, format_error

EXTENSION_KEY = "academy.catalog"
content_cli = AppGroup("content", help="Trainers' content files.")


def get_catalog() -> Catalog:
    """The current catalog (reloaded on change in development)."""
    return current_app.extensions[EXTENSION_KEY].get()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = CatalogStore(
        Path(app.config["CONTENT_DIR"]),
        auto_reload=app.config["CONTENT_AUTO_RELOAD"],
        languages=tuple(app.config["LANGUAGES"]),
        default_language=app.config["BABEL_DEFAULT_LOCALE"],
    )
    app.cli.add_command(content_cli)


@content_cli.command("check")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
def check_command(path: Path | None) -> None:
    """Validate the content files in PATH (default: the configured content folder).

    Prints every problem as `path:line: message` and exits 1 if there is any.
    """
    root = path or Path(current_app.config["CONTENT_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"{root}: no such content folder")
    errors, summary = check_content(
        root,
        languages=tuple(current_app.config["LANGUAGES"]),
        default_language=current_app.config["BABEL_DEFAULT_LOCALE"],
    )
    for error in errors:
        click.echo(format_error(error), err=True)
    click.echo(summary)
    if errors:
        sys.exit(1)
