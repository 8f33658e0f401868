"""Prerequisites: known ids, no cycles (with the path), and what a broken one takes along."""

from __future__ import annotations


def requires(*ids: str) -> str:
    return "prerequisites:\n" + "".join(f"  - {i}\n" for i in ids)


def test_known_prerequisites_load(content):
    content.module("basics")
    content.module("advanced", extra=requires("basics"))
    catalog = content.load()
    assert catalog.errors == ()
    assert catalog.module("advanced").prerequisites == ("basics",)


def test_unknown_prerequisite(content, only_error):
    content.module("basics")
    content.module("advanced", extra=requires("basics", "basic"))
    assert only_error() == (
        "modules/advanced/module.md:6: unknown prerequisite 'basic': there is "
        "no folder modules/basic/ (did you mean 'basics'?)"
    )
    assert content.load().module("advanced") is None


def test_cycle_is_reported_with_its_path_by_every_member(content):
    content.module("a", extra=requires("b"))
    content.module("b", extra=requires("c"))
    content.module("c", extra=requires("x", "a"))
    content.module("x")
    catalog = content.load()
    assert [str(e) for e in catalog.errors] == [
        "modules/a/module.md:5: prerequisites form a cycle: a -> b -> c -> a",
        "modules/b/module.md:5: prerequisites form a cycle: b -> c -> a -> b",
        "modules/c/module.md:6: prerequisites form a cycle: c -> a -> b -> c",
    ]
    assert list(catalog.modules) == ["x"]
    assert catalog.unavailable == frozenset({"a", "b", "c"})


def test_self_cycle(content, only_error):
    content.module("a", extra=requires("a"))
    assert only_error() == "modules/a/module.md:5: prerequisites form a cycle: a -> a"


def test_module_needing_a_cycle_member_is_reported_too(content):
    content.module("a", extra=requires("b"))
    content.module("b", extra=requires("a"))
    content.module("c", extra=requires("a"))
    assert content.errors() == [
        "modules/a/module.md:5: prerequisites form a cycle: a -> b -> a",
        "modules/b/module.md:5: prerequisites form a cycle: b -> a -> b",
        "modules/c/module.md:5: prerequisite 'a' is not available because it has errors (see "
        "its messages); 'c' is left out until it is fixed",
    ]


def test_broken_prerequisite_takes_dependents_along_and_is_reported(content):
    content.module("basics", extra="order: nope\n")
    content.module("middle", extra=requires("basics"))
    content.module("top", extra=requires("middle"))
    content.module("other")
    catalog = content.load()
    assert [str(e) for e in catalog.errors] == [
        "modules/basics/module.md:4: front matter: 'order' must be a whole number, found the "
        "text 'nope'",
        "modules/middle/module.md:5: prerequisite 'basics' is not available because it has "
        "errors (see its messages); 'middle' is left out until it is fixed",
        "modules/top/module.md:5: prerequisite 'middle' is not available because it has errors "
        "(see its messages); 'top' is left out until it is fixed",
    ]
    assert list(catalog.modules) == ["other"]


def test_duplicate_prerequisite(content, only_error):
    content.module("basics")
    content.module("advanced", extra=requires("basics", "basics"))
    assert only_error() == (
        "modules/advanced/module.md:6: front matter: 'basics' appears twice in 'prerequisites'"
    )
