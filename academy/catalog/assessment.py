"""Validate ``assessments/<id>.yaml`` into an :class:`~academy.catalog.models.Assessment`."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .assets import AssetResolver
from .errors import FileReporter
from .fields import IDENT, IDENT_HINT, SLUG, SLUG_HINT, Fields, describe
from .markdown import find_images
from .models import Assessment, Dimension, Item
from .modules import LoadSettings
from .quiz import short_hash
from .rendering import MarkdownText
from .yamlsrc import LineDict, LineList, YamlSyntaxError, parse_yaml

ASSESSMENT_KEYS = {
    "required": ("title", "scale", "favourable_from", "dimensions"),
    "optional": ("intro", "comment"),
}
SCALE_KEYS = {"required": ("points", "labels"), "optional": ("dont_know",)}
DIMENSION_KEYS = {"required": ("id", "title", "items"), "optional": ("description",)}
ITEM_KEYS = {"required": ("id", "text"), "optional": ("reverse",)}


def load_assessment(settings: LoadSettings, path: Path) -> Assessment | None:
    """The assessment in ``path``, or None after reporting its errors."""
    file = settings.reporter.file(path)
    assessment_id = path.stem
    if not SLUG.match(assessment_id):
        file.error(None, f"file name '{path.name}' is not a valid assessment id: use {SLUG_HINT}")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        file.error(None, f"cannot read the file: {exc.strerror or exc}")
        return None
    return assessment_from_bytes(settings, path, data)


def assessment_from_bytes(settings: LoadSettings, path: Path, data: bytes) -> Assessment | None:
    """The assessment in ``data`` (the contents of ``path``), or None after reporting errors."""
    file = settings.reporter.file(path)
    assessment_id = path.stem
    text = file.decode(data)
    if text is None:
        return None
    try:
        root = parse_yaml(text)
    except YamlSyntaxError as exc:
        file.error(exc.line, exc.message)
        return None
    if not isinstance(root, LineDict):
        file.error(
            getattr(root, "line", 1),
            "an assessment file must be a mapping with title, "
            "scale, favourable_from and dimensions",
        )
        return None

    version = short_hash(data)
    langs = settings.langs
    fields = Fields(file, root, "assessment", langs, **ASSESSMENT_KEYS)
    title = fields.localized("title")
    intro = fields.localized("intro")
    comment = fields.localized("comment")
    scale = _scale(file, fields)
    points = scale[0] if scale else None
    favourable = fields.integer("favourable_from", minimum=1, maximum=points)
    if intro is not None:
        resolver = AssetResolver(None, None)
        for lang, body in intro[0].values.items():
            for src, line in find_images(body, intro[1][lang]):
                problem = resolver.check(src)[1]
                if problem:
                    fields.error(line, f"assessment: 'intro': {problem}")
    dimensions = _dimensions(file, fields)
    if file.count or title is None or scale is None or favourable is None or not dimensions:
        return None
    return Assessment(
        id=assessment_id,
        version=version,
        path=path,
        titles=title[0],
        intro=MarkdownText(
            intro[0],
            ("assessment:" + assessment_id, version, "intro"),
            assets=AssetResolver(None, None),
            cache=settings.cache,
        )
        if intro
        else None,
        points=scale[0],
        label_sets=MappingProxyType(scale[1]),
        dont_know=scale[2],
        favourable_from=favourable,
        comments=comment[0] if comment else None,
        dimensions=dimensions,
        default_language=langs.default,
    )


def _scale(
    file: FileReporter, parent: Fields
) -> tuple[int, dict[str, tuple[str, ...]], bool] | None:
    raw = parent.mapping("scale")
    if raw is None:
        return None
    fields = Fields(file, raw, "scale", parent.langs, **SCALE_KEYS)
    points = fields.integer("points", minimum=2)
    dont_know = fields.flag("dont_know", False)
    labels = raw.get("labels")
    label_sets: dict[str, tuple[str, ...]] = {}
    if isinstance(labels, LineList):  # a plain list: the default language only
        label_sets = _labels(fields, parent.langs.default, labels, points)
    elif isinstance(labels, LineDict):
        for lang, values in labels.items():
            if lang not in parent.langs.codes:
                fields.error(
                    labels.key_line(lang),
                    f"scale: 'labels': unknown language '{lang}' "
                    f"(supported: {parent.langs.describe()})",
                )
            elif not isinstance(values, LineList):
                fields.error(
                    labels.value_line(lang),
                    f"scale: the '{lang}' labels must be a list, found {describe(values)}",
                )
            else:
                label_sets.update(_labels(fields, lang, values, points))
        if parent.langs.default not in labels:
            fields.error(
                labels.line,
                f"scale: 'labels' has no '{parent.langs.default}' list; "
                "the default language is required",
            )
    elif labels is not None:
        fields.error(
            fields.line("labels"),
            "scale: 'labels' must be a list of labels or a "
            f"mapping of language codes to lists, found "
            f"{describe(labels)}",
        )
    if not fields.ok or points is None or dont_know is None:
        parent.ok = False
        return None
    return points, label_sets, dont_know


def _labels(
    fields: Fields, lang: str, labels: LineList, points: int | None
) -> dict[str, tuple[str, ...]]:
    ok = True
    for index, label in enumerate(labels):
        if not isinstance(label, str) or not label.strip():
            fields.error(
                labels.item_line(index),
                f"scale: each '{lang}' label must be a text, "
                f"found {describe(label, text_expected=True)}",
            )
            ok = False
    if points is not None and len(labels) != points:
        fields.error(
            labels.line,
            f"scale: {len(labels)} '{lang}' labels for a {points}-point "
            f"scale; give exactly {points}, one per point",
        )
        ok = False
    return {lang: tuple(label.strip() for label in labels)} if ok else {}


def _dimensions(file: FileReporter, parent: Fields) -> tuple[Dimension, ...] | None:
    raw_dimensions = parent.seq("dimensions")
    if raw_dimensions is None:
        return None
    if not raw_dimensions:
        parent.error(
            parent.line("dimensions"), "assessment: 'dimensions' must list at least one dimension"
        )
        return None
    dimensions: list[Dimension] = []
    dimension_lines: dict[str, int] = {}
    item_lines: dict[str, int] = {}
    for index, raw in enumerate(raw_dimensions):
        line = raw_dimensions.item_line(index)
        if not isinstance(raw, LineDict):
            parent.error(line, f"dimension {index + 1} must be a mapping with id, title, items")
            continue
        did = raw.get("id")
        what = f"dimension '{did}'" if isinstance(did, str) and did else f"dimension {index + 1}"
        fields = Fields(file, raw, what, parent.langs, **DIMENSION_KEYS)
        did = fields.ident("id", SLUG, SLUG_HINT)
        _check_unique(fields, "dimension", did, dimension_lines)
        title = fields.localized("title")
        description = fields.localized("description")
        items = _items(file, fields, what, item_lines)
        if fields.ok and did and title and items:
            dimensions.append(
                Dimension(did, title[0], description[0] if description else None, items)
            )
    return tuple(dimensions)


def _items(
    file: FileReporter, parent: Fields, what: str, seen: dict[str, int]
) -> tuple[Item, ...] | None:
    raw_items = parent.seq("items")
    if raw_items is None:
        return None
    if not raw_items:
        parent.error(parent.line("items"), f"{what}: 'items' must list at least one item")
        return None
    items: list[Item] = []
    for index, raw in enumerate(raw_items):
        line = raw_items.item_line(index)
        if not isinstance(raw, LineDict):
            parent.error(line, f"{what}: item {index + 1} must be a mapping with id and text")
            continue
        iid = raw.get("id")
        label = f"item '{iid}'" if isinstance(iid, str) and iid else f"{what}, item {index + 1}"
        fields = Fields(file, raw, label, parent.langs, **ITEM_KEYS)
        iid = fields.ident("id", IDENT, IDENT_HINT)
        _check_unique(fields, "item", iid, seen)
        text = fields.localized("text")
        reverse = fields.flag("reverse", False)
        if fields.ok and iid and text and reverse is not None:
            items.append(Item(iid, text[0], reverse))
        else:
            parent.ok = False
    return tuple(items)


def _check_unique(fields: Fields, kind: str, ident: str | None, seen: dict[str, int]) -> None:
    """Report an id used before in the assessment, naming the line of its first use."""
    if ident is None:
        return
    if ident in seen:
        fields.error(
            fields.line("id"),
            f"{kind} id '{ident}' is used twice (first on line {seen[ident]}); "
            "ids must be unique in an assessment",
        )
    seen.setdefault(ident, fields.line("id"))
