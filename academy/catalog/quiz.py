"""Validate ``quiz.yaml`` into a :class:`~academy.catalog.models.Quiz`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .assets import AssetResolver
from .errors import FileReporter
from .fields import Fields, Languages
from .markdown import find_images
from .models import MULTIPLE, QUESTION_TYPES, SINGLE, Option, Question, Quiz
from .rendering import MarkdownText, RenderCache
from .yamlsrc import LineDict, YamlSyntaxError, parse_yaml

DEFAULT_PASS_MARK = 70
QUIZ_KEYS = {"required": ("questions",), "optional": ("pass_mark",)}
QUESTION_KEYS = {
    "required": ("id", "type", "prompt", "options"),
    "optional": ("scenario", "points"),
}
OPTION_KEYS = {"required": ("id", "text", "feedback"), "optional": ("correct",)}


def short_hash(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        # Length-prefixed so moving bytes between files changes the hash.
        digest.update(len(chunk).to_bytes(8, "big"))
        digest.update(chunk)
    return digest.hexdigest()[:16]


@dataclass
class QuizContext:
    """What quiz validation needs from the module around it."""

    file: FileReporter
    module_id: str
    langs: Languages
    assets: AssetResolver
    cache: RenderCache
    used_assets: set[str]


def load_quiz(ctx: QuizContext, data: bytes) -> Quiz | None:
    """The quiz, or None after reporting errors to ``ctx.file``."""
    before = ctx.file.count
    text = ctx.file.decode(data)
    if text is None:
        return None
    try:
        root = parse_yaml(text)
    except YamlSyntaxError as exc:
        ctx.file.error(exc.line, exc.message)
        return None
    if not isinstance(root, LineDict):
        ctx.file.error(
            getattr(root, "line", 1),
            "quiz.yaml must be a mapping with 'questions' (and optionally 'pass_mark')",
        )
        return None
    version = short_hash(data)
    fields = Fields(ctx.file, root, "quiz", ctx.langs, **QUIZ_KEYS)
    pass_mark = fields.number("pass_mark", DEFAULT_PASS_MARK, minimum=0, maximum=100)
    questions = fields.seq("questions")
    if questions is not None and not questions:
        fields.error(fields.line("questions"), "quiz: 'questions' must list at least one question")
    parsed: list[Question] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(questions or ()):
        line = questions.item_line(index) if questions is not None else root.line
        question = _question(ctx, raw, line, index, version)
        if question is None:
            continue
        if question.id in first_line:
            ctx.file.error(
                line,
                f"question id '{question.id}' is used twice in this quiz "
                f"(first on line {first_line[question.id]}); ids must be unique",
            )
            continue
        first_line[question.id] = line
        parsed.append(question)
    if ctx.file.count > before or pass_mark is None:
        return None
    return Quiz(version=version, pass_mark=pass_mark, questions=tuple(parsed))


def _question(
    ctx: QuizContext, raw: object, line: int, index: int, version: str
) -> Question | None:
    if not isinstance(raw, LineDict):
        ctx.file.error(
            line, f"question {index + 1} must be a mapping with id, type, prompt, options"
        )
        return None
    qid = raw.get("id")
    what = f"question '{qid}'" if isinstance(qid, str) and qid else f"question {index + 1}"
    fields = Fields(ctx.file, raw, what, ctx.langs, **QUESTION_KEYS)
    qid = fields.ident("id")
    qtype = fields.choice("type", QUESTION_TYPES)
    points = fields.number("points", 1, positive=True)
    scope = ("quiz:" + ctx.module_id, version)
    scenario = _markdown(ctx, fields, "scenario", (*scope, f"{qid}/scenario"), inline=False)
    prompt = _markdown(ctx, fields, "prompt", (*scope, f"{qid}/prompt"), inline=True)
    options = _options(ctx, fields, what, qtype, scope, qid)
    if (
        not fields.ok
        or options is None
        or qid is None
        or qtype is None
        or points is None
        or prompt is None
    ):
        return None
    return Question(
        id=qid, type=qtype, points=points, scenario=scenario, prompt=prompt, options=options
    )


def _options(
    ctx: QuizContext,
    fields: Fields,
    what: str,
    qtype: str | None,
    scope: tuple[str, str],
    qid: str | None,
) -> tuple[Option, ...] | None:
    raw_options = fields.seq("options")
    if raw_options is None:
        return None
    options_line = fields.map.key_line("options")
    if len(raw_options) < 2:
        fields.error(options_line, f"{what} must have at least 2 options, found {len(raw_options)}")
    parsed: list[Option] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(raw_options):
        line = raw_options.item_line(index)
        option = _option(ctx, fields, raw, line, index, what, scope, qid)
        if option is None:
            continue
        if option.id in first_line:
            fields.error(
                line,
                f"{what}: option id '{option.id}' is used twice (first on line "
                f"{first_line[option.id]}); ids must be unique in a question",
            )
            continue
        first_line[option.id] = line
        parsed.append(option)
    # Counted on the raw options so this is reported even when an option has other errors.
    correct = sum(
        1 for raw in raw_options if isinstance(raw, LineDict) and raw.get("correct") is True
    )
    if qtype == SINGLE and correct != 1:
        fields.error(
            options_line, f"{what} (single) must have exactly one correct option, found {correct}"
        )
    elif qtype == MULTIPLE and correct < 1:
        fields.error(
            options_line, f"{what} (multiple) must have at least one correct option, found 0"
        )
    return tuple(parsed) if fields.ok else None


def _option(
    ctx: QuizContext,
    parent: Fields,
    raw: object,
    line: int,
    index: int,
    what: str,
    scope: tuple[str, str],
    qid: str | None,
) -> Option | None:
    if not isinstance(raw, LineDict):
        parent.error(line, f"{what}: option {index + 1} must be a mapping with id, text, feedback")
        return None
    oid = raw.get("id")
    label = (
        f"{what}, option '{oid}'" if isinstance(oid, str) and oid else f"{what}, option {index + 1}"
    )
    fields = Fields(ctx.file, raw, label, ctx.langs, **OPTION_KEYS)
    oid = fields.ident("id")
    correct = fields.flag("correct", False)
    text = _markdown(ctx, fields, "text", (*scope, f"{qid}/{oid}/text"), inline=True)
    feedback = _markdown(ctx, fields, "feedback", (*scope, f"{qid}/{oid}/feedback"), inline=False)
    if not fields.ok:
        parent.ok = False
        return None
    if oid is None or correct is None or text is None or feedback is None:
        return None
    return Option(id=oid, correct=correct, text=text, feedback=feedback)


def _markdown(
    ctx: QuizContext, fields: Fields, key: str, cache_key: tuple[str, str, str], *, inline: bool
) -> MarkdownText | None:
    found = fields.localized(key)
    if found is None:
        return None
    source, lines = found
    for lang, text in source.values.items():
        for src, offset_line in find_images(text, lines[lang]):
            relpath, problem = ctx.assets.check(src)
            if problem:
                fields.error(offset_line, f"{fields.what}: '{key}': {problem}")
            elif relpath:
                ctx.used_assets.add(relpath)
    return MarkdownText(
        source=source, key=cache_key, inline=inline, assets=ctx.assets, cache=ctx.cache
    )
