"""Validate one module folder (module.md, translations, quiz.yaml, images).

Prerequisites are checked across modules by the loader; here they are only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assets import AssetResolver
from .errors import FileReporter, Reporter
from .fields import SLUG, SLUG_HINT, Fields, Languages
from .frontmatter import FrontMatterError, split_front_matter
from .markdown import count_words, find_images, reading_minutes
from .models import PUBLISHED, STATUSES, Module
from .quiz import QuizContext, load_quiz, short_hash
from .rendering import LocalizedText, MarkdownDocument, RenderCache
from .yamlsrc import LineDict, YamlSyntaxError

MODULE_FILE = "module.md"
QUIZ_FILE = "quiz.yaml"
TRANSLATION_FILE = re.compile(r"^module\.([A-Za-z_-]+)\.md$")
LANGUAGE_KEYS = ("title", "summary")  # the only front-matter keys that differ by language
FRONT_MATTER_KEYS = {
    "required": LANGUAGE_KEYS,
    "optional": ("order", "minutes", "tags", "status", "required", "audience", "prerequisites"),
}


@dataclass
class LoadSettings:
    root: Path
    langs: Languages
    asset_url: str
    cache: RenderCache
    reporter: Reporter


@dataclass
class ModuleDraft:
    """A module whose own files are valid; the loader still checks its prerequisites."""

    module: Module
    file: FileReporter  # module.md, where prerequisite problems are reported
    prerequisite_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class _Page:
    """One language's module file, parsed."""

    lang: str
    file: FileReporter
    meta: LineDict
    fields: Fields
    body: str
    body_line: int


def load_module(settings: LoadSettings, folder: Path) -> ModuleDraft | None:
    """Validate ``folder``; None (after reporting) if anything in it is wrong.

    A module whose quiz.yaml is invalid is left out as a whole rather than served
    without its quiz: completing a module means passing its quiz, and mandatory
    (``required``) training must not become completable without it while the file is
    broken. The errors name the quiz line, so the fix is quick.
    """
    reporter, langs = settings.reporter, settings.langs
    before = len(reporter.errors)
    module_id = folder.name
    if not SLUG.match(module_id):
        reporter.error(
            folder, None, f"module folder name '{module_id}' is not a valid id: use {SLUG_HINT}"
        )
        return None
    main = folder / MODULE_FILE
    if not main.is_file():
        reporter.error(
            main,
            None,
            f"missing {MODULE_FILE}: every module folder needs one "
            "(front matter with title and summary, then the page)",
        )
        return None
    translations = _translation_files(settings, folder)
    quiz_path = folder / QUIZ_FILE
    files = [(langs.default, main), *translations]
    data = {path: _read(reporter, path) for _, path in files}
    quiz_data = _read(reporter, quiz_path) if quiz_path.is_file() else None
    if any(blob is None for blob in data.values()) or (quiz_path.exists() and quiz_data is None):
        return None
    version = short_hash(
        *(part for _, path in files for part in (path.name.encode(), data[path] or b"")),
        *(() if quiz_data is None else (QUIZ_FILE.encode(), quiz_data)),
    )

    pages = [
        page
        for lang, path in files
        if (page := _page(settings, lang, reporter.file(path), data[path] or b""))
    ]
    main_page = pages[0] if pages and pages[0].lang == langs.default else None
    for page in pages[1:] if main_page else ():
        _compare_front_matter(main_page, page)

    # Images and quiz are checked even when a page failed, so one run reports everything.
    assets = AssetResolver(module_id, folder, settings.asset_url)
    used_assets: set[str] = set()
    for page in pages:
        for src, line in find_images(page.body, page.body_line):
            relpath, problem = assets.check(src)
            if problem:
                page.file.error(line, problem)
            elif relpath:
                used_assets.add(relpath)

    quiz = None
    if quiz_data is not None:
        quiz = load_quiz(
            QuizContext(
                reporter.file(quiz_path), module_id, langs, assets, settings.cache, used_assets
            ),
            quiz_data,
        )

    if main_page is None or len(pages) != len(files):
        return None
    fields = main_page.fields
    order = fields.integer("order")
    minutes = fields.integer("minutes", minimum=1)
    tags = fields.str_list("tags", unique=True)
    status = fields.choice("status", STATUSES, PUBLISHED)
    required = fields.flag("required", False)
    audience = fields.str_list(
        "audience", pattern=SLUG, hint=SLUG_HINT, unique=True, non_empty=True
    )
    prerequisites = fields.str_list("prerequisites", pattern=SLUG, hint=SLUG_HINT, unique=True)
    if len(reporter.errors) > before or status is None or required is None:
        return None

    titles = LocalizedText.of({p.lang: p.meta["title"].strip() for p in pages}, langs.default)
    summaries = LocalizedText.of({p.lang: p.meta["summary"].strip() for p in pages}, langs.default)
    bodies = LocalizedText.of({p.lang: p.body for p in pages}, langs.default)
    if minutes is None:
        minutes = reading_minutes(count_words(main_page.body))
    module = Module(
        id=module_id,
        version=version,
        path=folder,
        order=order,
        minutes=minutes,
        tags=tags or (),
        status=status,
        required=required,
        audience=audience,
        prerequisites=prerequisites or (),
        languages=frozenset(p.lang for p in pages),
        titles=titles,
        summaries=summaries,
        body=MarkdownDocument(
            bodies, ("module:" + module_id, version, "body"), assets, settings.cache
        ),
        quiz=quiz,
        assets=frozenset(used_assets),
    )
    lines = dict(zip(prerequisites or (), fields.item_lines("prerequisites"), strict=False))
    return ModuleDraft(module, main_page.file, lines)


def _translation_files(settings: LoadSettings, folder: Path) -> list[tuple[str, Path]]:
    langs, found = settings.langs, []
    for path in sorted(folder.iterdir()):
        match = TRANSLATION_FILE.match(path.name)
        if not match:
            continue
        lang = match.group(1)
        if lang == langs.default:
            settings.reporter.error(
                path,
                None,
                f"{path.name} repeats the default language: "
                f"the '{lang}' text belongs in {MODULE_FILE}",
            )
        elif lang not in langs.codes:
            settings.reporter.error(
                path, None, f"unsupported language '{lang}' (supported: {langs.describe()})"
            )
        else:
            found.append((lang, path))
    return found


def _read(reporter: Reporter, path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        reporter.error(path, None, f"cannot read the file: {exc.strerror or exc}")
        return None


def _page(settings: LoadSettings, lang: str, file: FileReporter, data: bytes) -> _Page | None:
    text = file.decode(data)
    if text is None:
        return None
    try:
        document = split_front_matter(text)
    except (FrontMatterError, YamlSyntaxError) as exc:
        file.error(exc.line, exc.message)
        return None
    if not isinstance(document.meta, LineDict):
        file.error(
            getattr(document.meta, "line", 2),
            "the front matter must be key: value lines (title, summary, ...)",
        )
        return None
    fields = Fields(file, document.meta, "front matter", settings.langs, **FRONT_MATTER_KEYS)
    for key in LANGUAGE_KEYS:
        fields.text(key)  # plain text: the other language's text lives in its own file
    return _Page(lang, file, document.meta, fields, document.body, document.body_line)


def _compare_front_matter(main: _Page, page: _Page) -> None:
    """Only title and summary may differ between a module's language files."""
    name = main.file.path.name
    shared = [k for k in main.meta if k not in LANGUAGE_KEYS]
    for key in shared:
        if key not in page.meta:
            page.file.error(
                page.meta.line,
                f"front matter: missing '{key}', which {name} has; "
                "a translation repeats every key of "
                f"{name} (only title and summary are translated)",
            )
        elif _plain(page.meta[key]) != _plain(main.meta[key]):
            page.file.error(
                page.meta.value_line(key),
                f"front matter: '{key}' differs from {name} (line "
                f"{main.meta.value_line(key)}); only title and summary may differ "
                "between languages",
            )
    for key in page.meta:
        if (
            key not in LANGUAGE_KEYS
            and key not in main.meta
            and key in (FRONT_MATTER_KEYS["optional"])
        ):
            page.file.error(
                page.meta.key_line(key),
                f"front matter: '{key}' is not in {name}; "
                "set it there (it applies to every "
                "language)",
            )


def _plain(value: Any) -> Any:
    # LineDict/LineList compare like dict/list already; this keeps the intent explicit.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
