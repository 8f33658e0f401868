"""The trainers' content as the web app sees it: one catalog store per app."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, TypeVar

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from academy.catalog import (
    Assessment,
    Catalog,
    CatalogStore,
    check_content,
    format_error,
    parse_assessment,
)

if TYPE_CHECKING:
    from academy.models import Cycle

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


class QuestionnaireError(Exception):
    """A cycle's questionnaire is neither kept with it nor in the content files."""


_kept: OrderedDict[tuple[int, str], Assessment] = OrderedDict()
_kept_lock = Lock()
_KEPT_MAX = 64


def kept_questionnaire(assessment: Assessment) -> tuple[str, Assessment]:
    """The file of ``assessment`` as it is now, to keep with a cycle that opens.

    Returns the text and the questionnaire parsed from exactly that text (its version is
    the hash of those bytes), so the cycle holds what it will use.
    """
    source = assessment.path.read_bytes()
    frozen = parse_assessment(
        assessment.id,
        source,
        languages=tuple(current_app.config["LANGUAGES"]),
        default_language=current_app.config["BABEL_DEFAULT_LOCALE"],
    )
    return source.decode("utf-8"), frozen


def cycle_questionnaire(cycle: Cycle) -> Assessment:
    """The questionnaire of a cycle: the text kept when it opened, or (draft) the file now.

    Parsed once per cycle and kept (the text never changes once kept).
    """
    if cycle.assessment_source is None:
        found = get_catalog().assessment(cycle.assessment_id)
        if found is None:
            raise QuestionnaireError(cycle.assessment_id)
        return found
    key = (cycle.id, cycle.assessment_version or "")
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = parse_assessment(
        cycle.assessment_id,
        cycle.assessment_source.encode("utf-8"),
        languages=tuple(current_app.config["LANGUAGES"]),
        default_language=current_app.config["BABEL_DEFAULT_LOCALE"],
    )
    with _kept_lock:
        _kept[key] = found
        while len(_kept) > _KEPT_MAX:
            _kept.popitem(last=False)
    return found


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
