"""Small content trees written into tmp_path, and helpers to read errors back."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.catalog import Catalog, format_error, load_catalog

# Image checks only look at the file, so any bytes will do.
PNG = b"\x89PNG\r\n\x1a\n"

VALID_QUIZ = """\
pass_mark: 70
questions:
  - id: slow-paperwork
    type: single
    scenario: {en: "A prospect has waited **three weeks**.", it: "Un cliente aspetta."}
    prompt: {en: "What do you do first?", it: "Cosa fai per prima cosa?"}
    options:
      - id: a
        text: {en: "Call and say what is missing", it: "Chiama"}
        correct: true
        feedback: {en: "The customer learns what to do.", it: "Il cliente sa cosa fare."}
      - id: b
        text: "Wait for head office"
        feedback: "Silence reads as indifference."
"""


def module_md(
    title: str = "First contact",
    summary: str = "Every stranger counts.",
    extra: str = "",
    body: str = "Some words for the page.\n",
) -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\n{extra}---\n{body}"


class Content:
    """A content root under tmp_path with writing helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(
                textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
            )
        return path

    def module(
        self, module_id: str, text: str | None = None, *, quiz: str | None = None, **md: str
    ) -> Path:
        self.write(f"modules/{module_id}/module.md", text if text is not None else module_md(**md))
        if quiz is not None:
            self.write(f"modules/{module_id}/quiz.yaml", quiz)
        return self.root / "modules" / module_id

    def load(self, **kwargs: object) -> Catalog:
        return load_catalog(self.root, **kwargs)  # type: ignore[arg-type]

    def errors(self, **kwargs: object) -> list[str]:
        return [format_error(e) for e in self.load(**kwargs).errors]


@pytest.fixture
def content(tmp_path: Path) -> Content:
    return Content(tmp_path / "content")


@pytest.fixture
def only_error(content: Content) -> Callable[[], str]:
    """The single error of the content tree (fails if there are 0 or several)."""

    def get() -> str:
        errors = content.errors()
        assert len(errors) == 1, errors
        return errors[0]

    return get
