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
from yaml.nodes import MappingNode, Node, SequenceNode

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

    def key_line(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: Any) -> int:
        return self.value_lines.get(key, self.key_line(key))


class LineList(list):
    """A YAML sequence with the line of itself and of each item."""

    line: int
    item_lines: list[int]

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(_SafeLoader):
    line_offset = 0


def _line(loader: _Loader, node: Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_map(loader: _Loader, node: MappingNode):
    data = LineDict()
    data.line = _line(loader, node)
    data.key_lines, data.value_lines, data.duplicates = {}, {}, []
    yield data  # yielded first so aliases to this mapping resolve, as PyYAML does
    loader.flatten_mapping(node)  # resolves `<<` merge keys
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark,
            ) from None
        if key in data.key_lines:
            data.duplicates.append((key, _line(loader, key_node), data.key_lines[key]))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = _line(loader, key_node)
        data.value_lines[key] = _line(loader, value_node)


def _construct_seq(loader: _Loader, node: SequenceNode):
    data = LineList()
    data.line = _line(loader, node)
    data.item_lines = [_line(loader, child) for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str, *, line_offset: int = 0) -> Any:
    """Parse one YAML document; lines are shifted by ``line_offset`` (front matter).

    Raises :class:`YamlSyntaxError` with YAML's own problem line and description.
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
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
