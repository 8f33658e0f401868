"""YAML with line numbers, and front matter line offsets."""

from __future__ import annotations

import pytest

from academy.catalog.frontmatter import FrontMatterError, split_front_matter
from academy.catalog.yamlsrc import LineDict, LineList, YamlSyntaxError, parse_yaml


def test_lines_of_keys_values_and_items():
    data = parse_yaml("a: 1\nb:\n  - x\n  - {y: 2}\nc: |\n  text\n")
    assert isinstance(data, LineDict)
    assert data == {"a": 1, "b": ["x", {"y": 2}], "c": "text\n"}
    assert data.line == 1
    assert (data.key_line("b"), data.value_line("b")) == (2, 3)
    assert isinstance(data["b"], LineList)
    assert data["b"].item_lines == [3, 4]
    assert data["b"][1].line == 4
    assert data.value_line("missing") == 1


def test_duplicate_keys_are_recorded():
    data = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert data["a"] == 3
    assert data.duplicates == [("a", 3, 1)]


def test_line_offset():
    data = parse_yaml("a: 1\nb: 2\n", line_offset=1)
    assert (data.key_line("a"), data.key_line("b")) == (2, 3)
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml("a: 1\nb: [\n", line_offset=1)
    assert raised.value.line == 4


def test_scalar_types_aliases_and_merge_keys():
    data = parse_yaml(
        "base: &b {x: 1}\nother:\n  <<: *b\n  z: 2\nsame: *b\n"
        "values: [1, 2.5, true, null, 'quoted']\n"
    )
    assert data["other"] == {"x": 1, "z": 2}
    assert data["same"] is data["base"]
    assert data["values"] == [1, 2.5, True, None, "quoted"]


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object/apply:os.system ['true']\n",
        "x: !custom 1\n",
        "? [a]\n: 1\n",
    ],
)
def test_unsafe_or_odd_yaml_is_a_syntax_error(text):
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)
    assert raised.value.line == 1


def test_empty_document():
    assert parse_yaml("") is None


def test_front_matter_offsets():
    doc = split_front_matter("---\ntitle: T\nsummary: S\n---\nBody line\n")
    assert doc.meta.key_line("title") == 2
    assert doc.meta.key_line("summary") == 3
    assert doc.body == "Body line\n"
    assert doc.body_line == 5


def test_front_matter_errors():
    with pytest.raises(FrontMatterError) as raised:
        split_front_matter("no front matter\n")
    assert raised.value.line == 1
    with pytest.raises(YamlSyntaxError) as syntax:
        split_front_matter("---\ntitle: T\nsummary: [\n---\n")
    assert syntax.value.line == 4


def test_block_text_starts_on_the_next_line():
    data = parse_yaml("a: |\n  first\nb: >\n  folded\nc: plain\n")
    assert (data.value_line("a"), data.text_line("a")) == (1, 2)
    assert data.text_line("b") == 4
    assert data.text_line("c") == 5
