"""check_content / format_error / summary: what `flask content check` prints."""

from __future__ import annotations

from pathlib import Path

from academy.catalog import ContentError, check_content, format_error

from .conftest import VALID_QUIZ, module_md
from .test_assessment import ASSESSMENT


def test_format_error():
    error = ContentError(
        "modules/m/quiz.yaml",
        14,
        "question 'x' (single) must have exactly one correct option, found 2",
        Path("/c/modules/m/quiz.yaml"),
    )
    assert format_error(error) == (
        "modules/m/quiz.yaml:14: question 'x' (single) must have "
        "exactly one correct option, found 2"
    )
    no_line = ContentError("modules/m/module.md", None, "missing", Path("/x"))
    assert format_error(no_line) == "modules/m/module.md: missing"


def test_check_content_clean(content):
    content.module("a", quiz=VALID_QUIZ)
    content.write("modules/a/module.it.md", module_md())
    content.module("b", extra="status: draft\n")
    content.write("assessments/culture.yaml", ASSESSMENT)
    errors, summary = check_content(content.root)
    assert errors == []
    assert summary == (
        "2 modules (1 draft), 1 question, 1 assessment with 3 items, "
        "languages: en 2/2, it 1/2; 0 errors"
    )


def test_check_content_with_errors(content):
    content.module("a", extra="order: x\n")
    errors, summary = check_content(content.root)
    assert [format_error(e) for e in errors] == [
        "modules/a/module.md:4: front matter: 'order' must be a whole number, found the text 'x'"
    ]
    assert summary == (
        "0 modules, 0 questions, 0 assessments with 0 items, languages: en 0/0, it 0/0; 1 error"
    )
