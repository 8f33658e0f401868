"""Markdown to safe HTML.

markdown-it-py (CommonMark + tables + heading anchors) renders; nh3 then sanitises the
result against an allowlist, whatever raw HTML the author wrote. Nothing here caches:
see :mod:`academy.catalog.rendering` for the once-per-version layer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from .assets import AssetResolver

WORDS_PER_MINUTE = 200


class TocEntry(NamedTuple):
    level: int
    id: str
    text: str


def slugify(text: str) -> str:
    """ASCII heading ids: "Perché è importante?" -> "perche-e-importante"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
anchors_plugin(_MD, min_level=1, max_level=6, slug_func=slugify)

# Validation only needs the block structure plus the few inline runs that may hold an
# image; skipping inline parsing makes load-time checks ~7x cheaper than a full render.
_BLOCKS = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    # markdown-it writes column alignment as style="text-align:..."; only that survives
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
# Removed together with their content (the others are unwrapped, keeping their text).
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "textarea",
        "select",
        "frame",
        "frameset",
        "applet",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
EXTERNAL_REL = "noopener noreferrer"

_A_TAG = re.compile(r"<a\s[^>]*>")  # nh3 escapes '>' inside attribute values
_HREF = re.compile(r'\shref="([^"]*)"')
_EXTERNAL = re.compile(r"(?i)^(?:https?:)?//")
_NOT_READ = re.compile(r"<[^>]*>|\]\([^)]*\)")  # tags and link targets
_WORD = re.compile(r"[^\s\w]*\w\S*")  # a whitespace-separated run with a letter or digit
_IMG_SRC = re.compile(r"""(?is)<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def sanitize(html: str, assets: AssetResolver | None = None) -> str:
    """Allowlist-clean ``html``; local image paths become asset URLs via ``assets``."""

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            if assets is not None:
                return assets.url(value)
            return value if _EXTERNAL.match(value) else None
        return value

    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,  # added below to external links only
        strip_comments=True,
    )
    return _A_TAG.sub(_mark_external, clean)


def _mark_external(match: re.Match[str]) -> str:
    tag = match.group(0)
    href = _HREF.search(tag)
    if href and _EXTERNAL.match(href.group(1)):
        return f'{tag[:-1]} rel="{EXTERNAL_REL}">'
    return tag


def render_block(text: str, assets: AssetResolver | None = None) -> str:
    """Render Markdown with paragraphs (scenarios, feedback, intros)."""
    return sanitize(_MD.render(text), assets)


def render_inline(text: str, assets: AssetResolver | None = None) -> str:
    """Render one line of Markdown without a wrapping <p> (prompts, option labels)."""
    return sanitize(_MD.renderInline(text), assets)


def render_document(
    text: str, assets: AssetResolver | None = None
) -> tuple[str, tuple[TocEntry, ...]]:
    """Render a module body; the table of contents lists its h2 and h3 headings."""
    env: dict[str, object] = {}
    tokens = _MD.parse(text, env)
    toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            toc.append(
                TocEntry(
                    int(token.tag[1]),
                    str(token.attrGet("id") or ""),
                    _plain_text(tokens[index + 1]),
                )
            )
    html = _MD.renderer.render(tokens, _MD.options, env)
    return sanitize(html, assets), tuple(toc)


def _plain_text(inline: Token) -> str:
    # The same text the anchors plugin slugs, so entry text and id agree.
    return "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )


def find_images(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """Every image ``src`` in ``text`` (Markdown or raw HTML) with its line.

    ``first_line`` is the file line where ``text`` starts, so the lines returned are
    lines of the file.
    """
    found: list[tuple[str, int]] = []
    if "![" not in text and "<img" not in text.lower():
        return found  # most texts: no image possible, no parse needed
    env: dict[str, object] = {}
    block_line = 0
    for token in _BLOCKS.parse(text, env):
        if token.map is not None:
            block_line = token.map[0]
        line = first_line + block_line
        if token.type == "html_block":
            found.extend(_html_images(token.content, line))
        elif token.type == "inline" and ("![" in token.content or "<img" in token.content.lower()):
            children = _MD.parseInline(token.content, env)[0].children or []
            for child in children:
                if child.type == "image":
                    found.append((str(child.attrGet("src") or ""), line))
                elif child.type == "html_inline":
                    found.extend(_html_images(child.content, line))
                    line += child.content.count("\n")
                elif child.type in ("softbreak", "hardbreak"):
                    line += 1
    return found


def _html_images(html: str, line: int) -> list[tuple[str, int]]:
    return [
        (next(g for g in m.groups() if g is not None), line + html.count("\n", 0, m.start()))
        for m in _IMG_SRC.finditer(html)
    ]


def count_words(text: str) -> int:
    """Words a reader reads: Markdown punctuation, tags and link targets do not count."""
    return len(_WORD.findall(_NOT_READ.sub(" ", text)))


def reading_minutes(words: int) -> int:
    """About 200 words a minute, rounded to the nearest minute, at least 1."""
    return max(1, int(words / WORDS_PER_MINUTE + 0.5))
