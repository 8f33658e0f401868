"""YAML that remembers where things are.

Mappings load as :class:`LineDict` and sequences as :class:`LineList`; both keep the
1-based line of themselves, of each key and of each value, taken from the nodes that
PyYAML composes, so validation can point trainers at the exact line. Scalars load as
plain Python values (the safe loader's types); their lines live in the parent.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml composes ~15x faster and gives the same marks
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _SafeLoader


class YamlSyntaxError(Exception):
    """A file that is not valid YAML; ``line`` is 1-based in the enclosing file."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LineDict(dict):
    """A YAML mapping with line numbers.

    ``duplicates`` lists keys written twice as ``(key, line, first_line)``: YAML keeps
    the last silently, which hides real mistakes (two ``correct:`` lines), so we report them.
    """

    line: int
    key_lines: dict[Any, int]
    value_lines: dict[Any, int]
    duplicates: list[tuple[Any, int, int]]
    block_texts: set[Any]

    def key_line(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: Any) -> int:
        return self.value_lines.get(key, self.key_line(key))

    def text_line(self, key: Any) -> int:
        """Where a value's text starts: the line after ``|`` or ``>`` for block texts."""
        line = self.value_line(key)
        return line + 1 if key in self.block_texts else line


class LineList(list):
    """A YAML sequence with the line of itself and of each item."""

    line: int
    item_lines: list[int]

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Builder:
    """Turns composed nodes into LineDict/LineList/scalars.

    Walking the nodes directly (instead of registering constructors) is ~2x faster:
    plain strings, by far the most common value, skip PyYAML's constructor machinery.
    """

    def __init__(self, loader: Any, line_offset: int) -> None:
        self.loader = loader
        self.offset = line_offset + 1  # marks are 0-based
        self.memo: dict[int, Any] = {}  # aliases share their anchor's object, as in PyYAML

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR else self.loader.construct_object(node)
        known = self.memo.get(id(node))
        if known is not None:
            return known
        if isinstance(node, MappingNode) and node.tag == _MAP:
            return self._mapping(node)
        if isinstance(node, SequenceNode) and node.tag == _SEQ:
            return self._sequence(node)
        # !!set, !!omap and friends (or an unknown tag, which raises): PyYAML's own way.
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode) -> LineDict:
        data = LineDict()
        self.memo[id(node)] = data
        data.line = node.start_mark.line + self.offset
        data.key_lines, data.value_lines, data.duplicates, data.block_texts = {}, {}, [], set()
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys
        for key_node, value_node in node.value:
            key = self.build(key_node)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found an unhashable key",
                    key_node.start_mark,
                ) from None
            key_line = key_node.start_mark.line + self.offset
            if key in data.key_lines:
                data.duplicates.append((key, key_line, data.key_lines[key]))
            data[key] = self.build(value_node)
            data.key_lines[key] = key_line
            data.value_lines[key] = value_node.start_mark.line + self.offset
            if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
                data.block_texts.add(key)
        return data

    def _sequence(self, node: SequenceNode) -> LineList:
        data = LineList()
        self.memo[id(node)] = data
        data.line = node.start_mark.line + self.offset
        data.item_lines = [child.start_mark.line + self.offset for child in node.value]
        data.extend(self.build(child) for child in node.value)
        return data


def parse_yaml(text: str, *, line_offset: int = 0) -> Any:
    """Parse one YAML document; lines are shifted by ``line_offset`` (front matter).

    Raises :class:`YamlSyntaxError` with YAML's own problem line and description.
    """
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _Builder(loader, line_offset).build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        what = exc.problem or "invalid YAML"
        if exc.context:
            what += f" ({exc.context})"
        raise YamlSyntaxError(line, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 + line_offset if position is not None else None
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YamlSyntaxError(line, f"YAML error: {first}") from None
    finally:
        loader.dispose()
