"""The trainers' content as the web app sees it: one catalog store per app."""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from academy.catalog import Catalog, CatalogStore, check_content, format_error

T = TypeVar("T")
EXTENSION_KEY = "academy.catalog"
FRAGMENTS_KEY = "academy.fragments"
content_cli = AppGroup("content", help="Trainers' content files.")


def get_catalog() -> Catalog:
    """The current catalog (reloaded on change in development)."""
    return current_app.extensions[EXTENSION_KEY].get()


class FragmentCache:
    """Page fragments derived from the content, such as a quiz's questions as first shown.

    Keys carry the content version, so a stale entry is never served; everything is
    dropped whenever the catalog reloads so that old versions do not pile up. Rendering
    happens outside any lock: a fragment's template reads the catalog's own render
    cache, and two threads rendering the same fragment once is harmless.
    """

    def __init__(self) -> None:
        self._data: dict[Hashable, object] = {}
        self._loads = -1

    def get(self, store: CatalogStore, key: Hashable, render: Callable[[], T]) -> T:
        if store.loads != self._loads:
            self._data, self._loads = {}, store.loads
        try:
            return self._data[key]  # type: ignore[return-value]
        except KeyError:
            value = render()
            self._data[key] = value
            return value


def cached_fragment(key: Hashable, render: Callable[[], T]) -> T:
    """Memoise a fragment derived from the current content; ``key`` must hold its version."""
    return current_app.extensions[FRAGMENTS_KEY].get(
        current_app.extensions[EXTENSION_KEY], key, render
    )


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = CatalogStore(
        Path(app.config["CONTENT_DIR"]),
        auto_reload=app.config["CONTENT_AUTO_RELOAD"],
        languages=tuple(app.config["LANGUAGES"]),
        default_language=app.config["BABEL_DEFAULT_LOCALE"],
    )
    app.extensions[FRAGMENTS_KEY] = FragmentCache()
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
