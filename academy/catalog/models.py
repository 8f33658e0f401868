"""The loaded catalog: immutable, validated objects the site reads.

Texts are localised: methods take a language code and fall back to the catalog's
default language when the content has no text in that language. ``*_html`` methods
return sanitised HTML, rendered once per (version, language) and then cached.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .markdown import TocEntry
from .rendering import LocalizedText, MarkdownDocument, MarkdownText

PUBLISHED = "published"
DRAFT = "draft"
STATUSES = (PUBLISHED, DRAFT)
SINGLE = "single"
MULTIPLE = "multiple"
QUESTION_TYPES = (SINGLE, MULTIPLE)


@dataclass(frozen=True, eq=False)
class Option:
    id: str
    correct: bool
    text: MarkdownText
    feedback: MarkdownText

    def text_html(self, lang: str | None = None) -> str:
        """Inline HTML (no <p>), fit for a <label>."""
        return self.text.html(lang)

    def feedback_html(self, lang: str | None = None) -> str:
        return self.feedback.html(lang)


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    type: str  # SINGLE | MULTIPLE
    points: float
    scenario: MarkdownText | None
    prompt: MarkdownText
    options: tuple[Option, ...]

    def scenario_html(self, lang: str | None = None) -> str:
        """Block HTML, or "" when the question has no scenario."""
        return self.scenario.html(lang) if self.scenario is not None else ""

    def prompt_html(self, lang: str | None = None) -> str:
        """Inline HTML (no <p>), fit for a <legend>."""
        return self.prompt.html(lang)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


@dataclass(frozen=True, eq=False)
class Quiz:
    version: str  # hash of quiz.yaml alone: answers are recorded against it
    pass_mark: float  # percent
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)

    def texts(self) -> Iterator[MarkdownText]:
        for question in self.questions:
            if question.scenario is not None:
                yield question.scenario
            yield question.prompt
            for option in question.options:
                yield option.text
                yield option.feedback


@dataclass(frozen=True, eq=False)
class Module:
    id: str
    version: str  # hash of module.md, its translations and quiz.yaml
    path: Path  # the module folder
    order: int | None  # modules without an order come after those with one
    minutes: int
    tags: tuple[str, ...]
    status: str  # PUBLISHED | DRAFT
    required: bool
    audience: tuple[str, ...] | None  # department slugs; None = everyone
    prerequisites: tuple[str, ...]
    languages: frozenset[str]  # languages with a module file
    titles: LocalizedText
    summaries: LocalizedText
    body: MarkdownDocument
    quiz: Quiz | None
    assets: frozenset[str]  # image paths (relative to the folder) the content uses

    def title(self, lang: str | None = None) -> str:
        return self.titles.get(lang)

    def summary(self, lang: str | None = None) -> str:
        return self.summaries.get(lang)

    def html(self, lang: str | None = None) -> str:
        return self.body.html(lang)

    def toc(self, lang: str | None = None) -> tuple[TocEntry, ...]:
        """(level, anchor id, text) for each h2 and h3 of the body."""
        return self.body.toc(lang)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    def is_for(self, department_slug: str | None) -> bool:
        """Whether the audience includes the department (None: ignore the audience)."""
        return self.audience is None or department_slug is None or department_slug in self.audience

    def asset_file(self, relpath: str) -> Path | None:
        """The file behind an asset URL, only if the content really uses it.

        Serving through this (and not by joining a URL path to the folder) makes
        path traversal impossible: only checked image files are ever returned.
        """
        return self.path / relpath if relpath in self.assets else None


@dataclass(frozen=True, eq=False)
class Item:
    id: str
    texts: LocalizedText
    reverse: bool  # scored as (1 + points) - answer

    def text(self, lang: str | None = None) -> str:
        return self.texts.get(lang)


@dataclass(frozen=True, eq=False)
class Dimension:
    id: str
    titles: LocalizedText
    descriptions: LocalizedText | None
    items: tuple[Item, ...]

    def title(self, lang: str | None = None) -> str:
        return self.titles.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang) if self.descriptions is not None else ""


@dataclass(frozen=True, eq=False)
class Assessment:
    id: str
    version: str
    path: Path
    titles: LocalizedText
    intro: MarkdownText | None
    points: int
    label_sets: Mapping[str, tuple[str, ...]]  # language -> one label per scale point
    dont_know: bool
    favourable_from: int
    comments: LocalizedText | None  # the optional free-text question
    dimensions: tuple[Dimension, ...]
    default_language: str

    def title(self, lang: str | None = None) -> str:
        return self.titles.get(lang)

    def intro_html(self, lang: str | None = None) -> str:
        return self.intro.html(lang) if self.intro is not None else ""

    def labels(self, lang: str | None = None) -> tuple[str, ...]:
        return self.label_sets.get(lang or "", self.label_sets[self.default_language])

    def comment(self, lang: str | None = None) -> str | None:
        return self.comments.get(lang) if self.comments is not None else None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dimension in self.dimensions for item in dimension.items)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True, eq=False)
class Catalog:
    """Everything that loaded, plus what did not (``errors``, ``unavailable``)."""

    root: Path
    modules: Mapping[str, Module]  # display order: order, then id
    assessments: Mapping[str, Assessment]
    errors: tuple[ContentError, ...]
    languages: tuple[str, ...]
    default_language: str
    unavailable: frozenset[str]  # ids of module folders left out because of errors

    def module(self, module_id: str) -> Module | None:
        return self.modules.get(module_id)

    def assessment(self, assessment_id: str) -> Assessment | None:
        return self.assessments.get(assessment_id)

    def visible_modules(
        self, department_slug: str | None = None, include_drafts: bool = False
    ) -> list[Module]:
        """Modules for a department's members, in display order.

        ``department_slug=None`` skips the audience filter (trainers, HR, previews).
        Drafts only appear with ``include_drafts`` (trainers' preview).
        """
        return [
            m
            for m in self.modules.values()
            if (include_drafts or not m.is_draft) and m.is_for(department_slug)
        ]

    def render_scopes(self) -> set[tuple[str, str]]:
        """The ``(scope, version)`` pairs whose renders are worth keeping in a cache."""
        scopes = set()
        for module in self.modules.values():
            scopes.add(("module:" + module.id, module.version))
            if module.quiz is not None:
                scopes.add(("quiz:" + module.id, module.quiz.version))
        scopes.update(("assessment:" + a.id, a.version) for a in self.assessments.values())
        return scopes

    def prerender(self) -> None:
        """Render every text in every language now (e.g. before forking workers)."""
        for lang in self.languages:
            for module in self.modules.values():
                module.body.rendered(lang)
                for text in module.quiz.texts() if module.quiz is not None else ():
                    text.html(lang)
            for assessment in self.assessments.values():
                assessment.intro_html(lang)
