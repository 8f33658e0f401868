"""module.md and its translations: front matter rules, each with the exact line."""

from __future__ import annotations

import pytest

from .conftest import VALID_QUIZ, module_md


def test_valid_module_loads_with_defaults(content):
    content.module("first-contact", quiz=VALID_QUIZ)
    catalog = content.load()
    assert catalog.errors == ()
    module = catalog.module("first-contact")
    assert module is not None
    assert (module.title(), module.summary()) == ("First contact", "Every stranger counts.")
    assert module.status == "published"
    assert module.required is False
    assert module.audience is None
    assert module.prerequisites == ()
    assert module.tags == ()
    assert module.order is None
    assert module.languages == frozenset({"en"})
    assert module.path == content.root.absolute() / "modules" / "first-contact"
    assert module.quiz is not None
    assert module.quiz.pass_mark == 70


def test_all_front_matter_keys(content):
    content.module(
        "m",
        extra="order: 3\nminutes: 12\ntags: [prospects, branch]\n"
        "status: draft\nrequired: true\naudience: [sales, front-office]\n",
    )
    module = content.load().module("m")
    assert module is not None
    assert (module.order, module.minutes, module.tags) == (3, 12, ("prospects", "branch"))
    assert (module.status, module.required) == ("draft", True)
    assert module.audience == ("sales", "front-office")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "order: first\n",
            "modules/m/module.md:4: front matter: 'order' must be a whole number, "
            "found the text 'first'",
        ),
        (
            "order: true\n",
            "modules/m/module.md:4: front matter: 'order' must be a whole number, found true",
        ),
        (
            "minutes: 0\n",
            "modules/m/module.md:4: front matter: 'minutes' must be a whole number "
            "of at least 1, found the number 0",
        ),
        (
            "minutes: 2.5\n",
            "modules/m/module.md:4: front matter: 'minutes' must be a whole number "
            "of at least 1, found the number 2.5",
        ),
        (
            "tags: prospects\n",
            "modules/m/module.md:4: front matter: 'tags' must be a list, "
            "found the text 'prospects'",
        ),
        (
            "tags:\n  - ok\n  - 3\n",
            "modules/m/module.md:6: front matter: each entry of 'tags' "
            "must be a text, found the number 3",
        ),
        (
            "status: live\n",
            "modules/m/module.md:4: front matter: 'status' must be 'published' or "
            "'draft', found the text 'live'",
        ),
        (
            "required: maybe\n",
            "modules/m/module.md:4: front matter: 'required' must be true or "
            "false, found the text 'maybe'",
        ),
        (
            "audience: []\n",
            "modules/m/module.md:4: front matter: 'audience' must be a list with "
            "at least one entry, found a list",
        ),
        (
            "audience:\n  - Sales Team\n",
            "modules/m/module.md:5: front matter: 'Sales Team' in "
            "'audience' may only use lowercase letters, digits and "
            "single hyphens, e.g. 'first-contact'",
        ),
        (
            "prerequisites: other\n",
            "modules/m/module.md:4: front matter: 'prerequisites' must be "
            "a list, found the text 'other'",
        ),
        (
            "colour: red\n",
            "modules/m/module.md:4: front matter: unknown key 'colour'; expected one "
            "of: title, summary, order, minutes, tags, status, required, audience, "
            "prerequisites",
        ),
        (
            "tag: [a]\n",
            "modules/m/module.md:4: front matter: unknown key 'tag' (did you mean "
            "'tags'?); expected one of: title, summary, order, minutes, tags, status, "
            "required, audience, prerequisites",
        ),
        (
            "order: 1\norder: 2\n",
            "modules/m/module.md:5: 'order' is given twice in front matter (first on line 4)",
        ),
    ],
)
def test_front_matter_rules(content, only_error, extra, expected):
    content.module("m", extra=extra)
    assert only_error() == expected
    assert content.load().module("m") is None


def test_missing_and_empty_required_keys(content):
    content.module("m", "---\ntitle:\norder: 1\n---\nBody\n")
    assert content.errors() == [
        "modules/m/module.md:2: front matter: 'title' is empty",
        "modules/m/module.md:2: front matter: missing required key 'summary'",
    ]


def test_title_must_be_plain_text(content, only_error):
    content.module("m", "---\ntitle: {en: A, it: B}\nsummary: S\n---\n")
    assert only_error() == (
        "modules/m/module.md:2: front matter: 'title' must be a text, "
        "found a mapping (key: value lines)"
    )


def test_front_matter_yaml_syntax_error_reports_yaml_line(content, only_error):
    content.module("m", "---\ntitle: T\nsummary: S\norder: [1,\n---\nBody\n")
    assert only_error().startswith("modules/m/module.md:5: YAML syntax error:")


def test_front_matter_colon_in_value(content, only_error):
    content.module("m", "---\ntitle: T\nsummary: Customers: a guide\n---\n")
    # libyaml says "... in this context", pure-Python PyYAML "... here"
    assert only_error().startswith(
        "modules/m/module.md:3: YAML syntax error: mapping values are not allowed"
    )


def test_front_matter_must_open_and_close(content):
    content.module("a", "title: T\n")
    content.module("b", "---\ntitle: T\nsummary: S\n")
    assert content.errors() == [
        "modules/a/module.md:1: the file must start with a '---' line opening the front matter "
        "(title, summary, ...) and another '---' line closing it",
        "modules/b/module.md:1: the front matter opened by '---' on line 1 is never closed by "
        "a '---' line",
    ]


def test_crlf_and_bom_keep_line_numbers(content, only_error):
    content.write(
        "modules/m/module.md",
        "\ufeff---\r\ntitle: T\r\nsummary: S\r\norder: x\r\n---\r\nBody\r\n".encode(),
    )
    assert only_error() == (
        "modules/m/module.md:4: front matter: 'order' must be a whole number, found the text 'x'"
    )


def test_not_utf8(content, only_error):
    content.write("modules/m/module.md", b"---\ntitle: T\nsummary: caf\xe9\n---\n")
    assert only_error() == "modules/m/module.md:3: the file is not UTF-8 text; save it as UTF-8"


def test_folder_problems(content):
    content.write("modules/no-page/notes.txt", "x")
    content.module("Bad_Name")
    content.write("modules/.hidden/module.md", "ignored")
    content.write("modules/README.txt", "a file next to the folders is ignored")
    assert content.errors() == [
        "modules/Bad_Name: module folder name 'Bad_Name' is not a valid id: use lowercase "
        "letters, digits and single hyphens, e.g. 'first-contact'",
        "modules/no-page/module.md: missing module.md: every module folder needs one (front "
        "matter with title and summary, then the page)",
    ]
    assert content.load().unavailable == frozenset({"Bad_Name", "no-page"})


def test_missing_root_is_reported(tmp_path):
    from academy.catalog import load_catalog

    catalog = load_catalog(tmp_path / "nowhere")
    assert [str(e) for e in catalog.errors] == [f"{tmp_path}/nowhere: content folder not found"]
    assert catalog.modules == {}


def test_display_order_then_id(content):
    content.module("zeta", extra="order: 1\n")
    content.module("alpha", extra="order: 2\n")
    content.module("beta", extra="order: 1\n")
    content.module("unordered")
    assert list(content.load().modules) == ["beta", "zeta", "alpha", "unordered"]


@pytest.mark.parametrize(
    ("words", "minutes"),
    [
        (2, 1),
        (100, 1),
        (299, 1),
        (300, 2),
        (1000, 5),
        (1100, 6),
    ],
)
def test_minutes_computed_from_words(content, words, minutes):
    # "##" and the link target are not words; "Heading" and "link" are.
    body = "## Heading\n\n" + " ".join(["word"] * (words - 2)) + "\n\n[link](https://e.org/x)\n"
    content.module("m", body=body)
    assert content.load().module("m").minutes == minutes


def test_minutes_given_wins(content):
    content.module("m", extra="minutes: 7\n", body="short\n")
    assert content.load().module("m").minutes == 7


def test_visible_modules_filters_drafts_and_audience(content):
    content.module("everyone")
    content.module("sales-only", extra="audience: [sales]\n")
    content.module("draft", extra="status: draft\n")
    catalog = content.load()
    ids = lambda **kw: [m.id for m in catalog.visible_modules(**kw)]  # noqa: E731
    assert ids(department_slug="sales") == ["everyone", "sales-only"]
    assert ids(department_slug="it") == ["everyone"]
    assert ids(department_slug="it", include_drafts=True) == ["draft", "everyone"]
    assert ids() == ["everyone", "sales-only"]


def test_broken_module_does_not_prevent_others(content):
    content.module("good-one")
    content.module("broken", "---\ntitle: [unclosed\n---\n")
    content.module("broken-quiz", quiz="questions: {\n")
    content.module("good-two", quiz=VALID_QUIZ)
    catalog = content.load()
    assert list(catalog.modules) == ["good-one", "good-two"]
    assert catalog.unavailable == frozenset({"broken", "broken-quiz"})
    assert [e.path for e in catalog.errors] == [
        "modules/broken-quiz/quiz.yaml",
        "modules/broken/module.md",
    ]


def test_errors_keep_absolute_path(content, only_error):
    content.module("m", extra="order: x\n")
    error = content.load().errors[0]
    assert error.abspath == content.root.absolute() / "modules/m/module.md"
    assert (error.path, error.line) == ("modules/m/module.md", 4)
    assert str(error) == only_error()


def test_version_changes_with_any_module_file(content):
    folder = content.module("m", quiz=VALID_QUIZ)
    first = content.load().module("m")
    assert len(first.version) == 16
    assert content.load().module("m").version == first.version  # stable
    (folder / "quiz.yaml").write_text(VALID_QUIZ.replace("pass_mark: 70", "pass_mark: 80"))
    second = content.load().module("m")
    assert second.version != first.version
    assert second.quiz.version != first.quiz.version
    content.write("modules/m/module.it.md", module_md(title="Primo contatto", summary="Ogni"))
    third = content.load().module("m")
    assert third.version != second.version
    assert third.quiz.version == second.quiz.version  # quiz unchanged
    (folder / "module.md").write_text(module_md(body="Changed.\n"))
    assert content.load().module("m").version != third.version


def test_page_and_quiz_errors_are_reported_together(content):
    content.module("m", "---\ntitle: [\n---\n", quiz="questions: 3\n")
    assert [e.split(":")[0] + ":" + e.split(":")[1] for e in content.errors()] == [
        "modules/m/module.md:3",
        "modules/m/quiz.yaml:1",
    ]
