"""Split a Markdown file into its YAML front matter and its body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .yamlsrc import parse_yaml

_FENCE = "---"


class FrontMatterError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    """``meta`` is the parsed front matter (line numbers already in .md-file terms);
    ``body_line`` is the 1-based line of the .md file where the body starts."""

    meta: Any
    body: str
    body_line: int


def split_front_matter(text: str) -> Document:
    """Parse ``---`` front matter ``---`` then body.

    Raises :class:`FrontMatterError` for a missing or unclosed block and
    :class:`~academy.catalog.yamlsrc.YamlSyntaxError` for invalid YAML inside it.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise FrontMatterError(
            1,
            "the file must start with a '---' line opening the front matter "
            "(title, summary, ...) and another '---' line closing it",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            break
    else:
        raise FrontMatterError(
            1, "the front matter opened by '---' on line 1 is never closed by a '---' line"
        )
    # Line 1 is the opening fence, so YAML line n is line n + 1 of the .md file.
    meta = parse_yaml("\n".join(lines[1:index]), line_offset=1)
    return Document(meta=meta, body="\n".join(lines[index + 1 :]), body_line=index + 2)
