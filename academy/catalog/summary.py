"""What ``flask content check`` prints: the errors and a one-line summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ContentError
from .loader import load_catalog
from .models import Catalog


def summarize(catalog: Catalog) -> str:
    """E.g. "6 modules (1 draft), 30 questions, 1 assessment with 27 items, languages: en 6/6,
    it 5/6; 0 errors"."""
    modules = list(catalog.modules.values())
    drafts = sum(1 for m in modules if m.is_draft)
    questions = sum(len(m.quiz.questions) for m in modules if m.quiz is not None)
    items = sum(len(a.items) for a in catalog.assessments.values())
    coverage = ", ".join(
        f"{lang} {sum(1 for m in modules if lang in m.languages)}/{len(modules)}"
        for lang in catalog.languages
    )
    parts = [
        _count(len(modules), "module") + (f" ({_count(drafts, 'draft')})" if drafts else ""),
        _count(questions, "question"),
        f"{_count(len(catalog.assessments), 'assessment')} with {_count(items, 'item')}",
        f"languages: {coverage}",
    ]
    return ", ".join(parts) + f"; {_count(len(catalog.errors), 'error')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def check_content(root: Path | str, **loader_kwargs: Any) -> tuple[list[ContentError], str]:
    """Load and fully render the content; return its errors and a summary line.

    Rendering everything too means a check exercises exactly what the site will do.
    """
    catalog = load_catalog(root, **loader_kwargs)
    catalog.prerender()
    return list(catalog.errors), summarize(catalog)
