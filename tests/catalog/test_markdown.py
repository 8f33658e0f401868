"""Rendering: sanitising, heading anchors and table of contents, images."""

from __future__ import annotations

import pytest

from academy.catalog.markdown import (
    count_words,
    find_images,
    render_block,
    render_inline,
    sanitize,
    slugify,
)

from .conftest import PNG, module_md


@pytest.mark.parametrize(
    ("source", "forbidden", "kept"),
    [
        ("Hi <script>alert(1)</script> there", ["<script", "alert(1)"], ["Hi", "there"]),
        (
            '<img src="https://e.org/a.png" onerror="alert(1)">',
            ["onerror", "alert"],
            ['src="https://e.org/a.png"'],
        ),
        ("[click](javascript:alert(1))", ['href="javascript', "<a"], ["click"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript"], [">x</a>"]),
        ('<a href="JaVaScRiPt&#58;alert(1)">x</a>', ["javascript", "JaVaScRiPt"], [">x</a>"]),
        ('<iframe src="https://evil.example"></iframe>after', ["iframe", "evil"], ["after"]),
        ("<style>p { display: none }</style>text", ["<style", "display"], ["text"]),
        (
            '<p style="color: red" onclick="x()">styled</p>',
            ["style=", "onclick", "color"],
            ["<p>styled</p>"],
        ),
        ('<object data="x.swf"></object><embed src="x.swf">ok', ["object", "embed", "swf"], ["ok"]),
        ('<img src="data:image/png;base64,AAAA" alt="d">', ["data:"], ['alt="d"']),
        ("<form action='/x'><input name=a></form>kept", ["<form", "<input"], ["kept"]),
        ('<div onmouseover="x()">d</div>', ["onmouseover"], ["<div>d</div>"]),
    ],
)
def test_sanitising(source, forbidden, kept):
    html = render_block(source)
    for text in forbidden:
        assert text not in html, html
    for text in kept:
        assert text in html, html


def test_links_keep_href_and_external_ones_get_rel():
    html = render_block(
        "[a](https://example.com/x?a=1&b=2) [b](#section) [c](/learn/other) "
        '[d](mailto:hr@example.com) <a href="//cdn.example/x" title="t>">e</a>'
    )
    assert '<a href="https://example.com/x?a=1&amp;b=2" rel="noopener noreferrer">a</a>' in html
    assert '<a href="#section">b</a>' in html
    assert '<a href="/learn/other">c</a>' in html
    assert '<a href="mailto:hr@example.com">d</a>' in html
    assert '<a href="//cdn.example/x" title="t&gt;" rel="noopener noreferrer">e</a>' in html


def test_author_rel_and_target_are_dropped():
    html = render_block('<a href="https://e.org" rel="opener" target="_blank">x</a>')
    assert html == '<p><a href="https://e.org" rel="noopener noreferrer">x</a></p>\n'


def test_tables_keep_alignment_only():
    html = render_block("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert '<th style="text-align:right">b</th>' in html


def test_inline_rendering_has_no_paragraph():
    assert render_inline("What do you **do**?") == "What do you <strong>do</strong>?"


def test_slugify():
    assert slugify("Perché è importante?") == "perche-e-importante"
    assert slugify("  Ask, then *listen*  ") == "ask-then-listen"
    assert slugify("???") == "section"


def test_heading_anchors_and_toc(content):
    body = (
        "# Title\n\n## Why it matters\n\ntext\n\n### The `first` call\n\n"
        "#### Too deep\n\n## Why it matters\n\n## Perché è importante\n"
    )
    content.module("m", body=body)
    module = content.load().module("m")
    html = module.html("en")
    assert '<h1 id="title">Title</h1>' in html
    assert '<h2 id="why-it-matters">Why it matters</h2>' in html
    assert '<h3 id="the-first-call">The <code>first</code> call</h3>' in html
    assert '<h4 id="too-deep">' in html
    assert '<h2 id="why-it-matters-1">' in html
    assert [tuple(entry) for entry in module.toc("en")] == [
        (2, "why-it-matters", "Why it matters"),
        (3, "the-first-call", "The first call"),
        (2, "why-it-matters-1", "Why it matters"),
        (2, "perche-e-importante", "Perché è importante"),
    ]
    assert module.toc("en")[0].id == "why-it-matters"


def test_toc_per_language(content):
    content.module("m", body="## English heading\n")
    content.write(
        "modules/m/module.it.md", module_md(title="T", summary="S", body="## Titolo italiano\n")
    )
    module = content.load().module("m")
    assert [e.text for e in module.toc("it")] == ["Titolo italiano"]
    assert [e.text for e in module.toc("en")] == ["English heading"]


def test_images_are_rewritten_to_asset_urls(content):
    folder = content.module(
        "first-contact",
        body=(
            '![A branch](img/branch%20front.png "The branch")\n\n'
            '<img src="./img/../plan.jpg" alt="plan">\n\n'
            "Inline <img src='plan.jpg'> and ![ext](https://example.com/x.png)\n"
        ),
    )
    (folder / "img").mkdir()
    (folder / "img" / "branch front.png").write_bytes(PNG)
    (folder / "plan.jpg").write_bytes(PNG)
    module = content.load().module("first-contact")
    html = module.html("en")
    assert (
        '<img src="/learn/assets/first-contact/img/branch%20front.png" alt="A branch" '
        'title="The branch">'
    ) in html
    assert '<img src="/learn/assets/first-contact/plan.jpg" alt="plan">' in html
    assert '<img src="/learn/assets/first-contact/plan.jpg">' in html
    assert '<img src="https://example.com/x.png" alt="ext">' in html
    assert module.assets == frozenset({"img/branch front.png", "plan.jpg"})
    assert module.asset_file("plan.jpg") == folder / "plan.jpg"
    assert module.asset_file("module.md") is None
    assert module.asset_file("../other/x.png") is None


def test_asset_url_template_is_a_parameter(content):
    folder = content.module("m", body="![x](a.png)\n")
    (folder / "a.png").write_bytes(PNG)
    module = content.load(asset_url="https://static.example/{module}/v1/{path}").module("m")
    assert 'src="https://static.example/m/v1/a.png"' in module.html("en")


def test_image_errors_name_the_line(content):
    folder = content.module(
        "m",
        body=(
            "Intro line\n\n"  # md line 5
            "Text ![missing](nope.png)\n"  # 7
            "and more\n"
            "![up](../other/pic.png)\n\n"  # 9
            '<p>\n<img src="/abs.png">\n</p>\n\n'  # 12
            "| a |\n|---|\n| ![t](gone.gif) |\n\n"  # 17
            '![doc](notes.pdf) <img src="data:image/png;base64,AA">\n'  # 19
            "![svg](logo.svg)\n"  # 20
            "```\n![in code](ignored.png)\n```\n"
        ),
    )
    (folder / "notes.pdf").write_bytes(b"%PDF")
    assert content.errors() == [
        "modules/m/module.md:7: image 'nope.png' not found: there is no file nope.png in the "
        "module folder",
        "modules/m/module.md:9: image '../other/pic.png' points outside the module folder",
        "modules/m/module.md:12: image '/abs.png' must be a path relative to the module folder "
        "(no leading '/')",
        "modules/m/module.md:17: image 'gone.gif' not found: there is no file gone.gif in the "
        "module folder",
        "modules/m/module.md:19: image 'notes.pdf' is not a supported image type (.avif, .gif, "
        ".jpeg, .jpg, .png, .webp)",
        "modules/m/module.md:19: image 'data:image/png;base64,AA': 'data:' URLs are not "
        "allowed; use a file in the module folder or an https:// address",
        "modules/m/module.md:20: image 'logo.svg' is not a supported image type (.avif, .gif, "
        ".jpeg, .jpg, .png, .webp)",
    ]
    assert content.load().module("m") is None


def test_symlink_escaping_the_folder_is_rejected(content, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    folder = content.module("m", body="![x](link.png)\n")
    (folder / "link.png").symlink_to(outside)
    assert content.errors() == [
        "modules/m/module.md:5: image 'link.png' points outside the module folder"
    ]


def test_images_in_translations_and_quiz_are_checked(content):
    content.module(
        "m",
        quiz=(
            "questions:\n  - id: q\n    type: single\n"
            "    scenario: {en: 'See ![x](chart.png)', it: 'Vedi ![x](grafico.png)'}\n"
            "    prompt: P\n    options:\n"
            "      - {id: a, text: A, correct: true, feedback: F}\n"
            "      - {id: b, text: B, feedback: F}\n"
        ),
    )
    content.write("modules/m/chart.png", PNG)
    content.write("modules/m/module.it.md", module_md(body="![x](manca.png)\n"))
    assert content.errors() == [
        "modules/m/module.it.md:5: image 'manca.png' not found: there is no file manca.png in "
        "the module folder",
        "modules/m/quiz.yaml:4: question 'q': 'scenario': image 'grafico.png' not found: there "
        "is no file grafico.png in the module folder",
    ]


def test_quiz_texts_are_sanitised_and_rewritten(content):
    content.module(
        "m",
        quiz=(
            "questions:\n  - id: q\n    type: single\n"
            "    scenario: 'See ![x](chart.png) <script>alert(1)</script>'\n"
            "    prompt: '<b onclick=\"x()\">P</b>'\n    options:\n"
            "      - {id: a, text: '[go](javascript:alert(1))', correct: true, feedback: F}\n"
            "      - {id: b, text: B, feedback: 'Thanks <iframe src=\"https://e\"></iframe>ok'}\n"
        ),
    )
    content.write("modules/m/chart.png", PNG)
    question = content.load().module("m").quiz.questions[0]
    assert question.scenario_html() == (
        '<p>See <img src="/learn/assets/m/chart.png" alt="x"> </p>\n'
    )
    assert question.prompt_html() == "<b>P</b>"
    assert question.options[0].text_html() == "[go](javascript:alert(1))"
    assert question.options[1].feedback_html() == "<p>Thanks ok</p>\n"


def test_find_images_lines():
    text = "a\n\n![x](one.png) text\nmore ![y](two.png)\n\n<img src=three.png>\n"
    assert find_images(text, first_line=10) == [("one.png", 12), ("two.png", 13), ("three.png", 15)]


def test_sanitize_drops_local_images_without_assets():
    assert sanitize('<img src="a.png" alt="a">') == '<img alt="a">'


def test_count_words():
    assert count_words("## Title\n\n- one *two* [three](https://x.org/a b) <b>four</b> |\n") == 5
