"""Rendering happens once per (version, language), lazily and thread-safely."""

from __future__ import annotations

import threading

from academy.catalog import RenderCache
from academy.catalog import rendering as rendering_module

from .conftest import VALID_QUIZ, module_md


def test_loading_does_not_render(content):
    content.module("m", quiz=VALID_QUIZ)
    cache = RenderCache()
    content.load(render_cache=cache)
    assert (cache.renders, len(cache)) == (0, 0)


def test_module_renders_once_per_language(content):
    content.module("m", body="## Hello\n")
    content.write("modules/m/module.it.md", module_md(body="## Ciao\n"))
    cache = RenderCache()
    module = content.load(render_cache=cache).module("m")
    first = module.html("en")
    assert module.html("en") is first  # the same object: no re-render
    module.toc("en")
    assert cache.renders == 1
    module.html("it")
    module.toc("it")
    assert cache.renders == 2
    # A language without a file shares the default language's render.
    assert module.html("fr") is first
    assert cache.renders == 2


def test_quiz_texts_render_once(content, monkeypatch):
    calls = []
    original = rendering_module.render_block
    monkeypatch.setattr(
        rendering_module,
        "render_block",
        lambda text, assets=None: calls.append(text) or original(text, assets),
    )
    content.module("m", quiz=VALID_QUIZ)
    question = content.load().module("m").quiz.questions[0]
    for _ in range(3):
        question.scenario_html("en")
        question.options[0].feedback_html("it")
    assert calls == ["A prospect has waited **three weeks**.", "Il cliente sa cosa fare."]


def test_concurrent_first_views_render_once(content, monkeypatch):
    renders = []
    original = rendering_module.render_document
    barrier = threading.Barrier(8)

    def slow_render(text, assets=None):
        renders.append(text)
        return original(text, assets)

    monkeypatch.setattr(rendering_module, "render_document", slow_render)
    content.module("m", body="## Hi\n")
    module = content.load().module("m")
    results = []

    def view():
        barrier.wait()
        results.append(module.html("en"))

    threads = [threading.Thread(target=view) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(renders) == 1
    assert all(r is results[0] for r in results)


def test_shared_cache_keeps_renders_of_unchanged_files_across_loads(content):
    content.module("stable", body="Stable\n")
    changing = content.module("changing", body="One\n")
    cache = RenderCache()
    first = content.load(render_cache=cache)
    html = first.module("stable").html("en")
    first.module("changing").html("en")
    (changing / "module.md").write_text(module_md(body="Two\n"))
    second = content.load(render_cache=cache)
    assert second.module("stable").html("en") is html  # no re-render: same version
    assert "Two" in second.module("changing").html("en")
    assert cache.renders == 3
    cache.retain(second.render_scopes())
    assert len(cache) == 2  # the old 'changing' render was dropped


def test_prerender_renders_everything_once(content):
    content.module("m", quiz=VALID_QUIZ)
    content.write("modules/m/module.it.md", module_md())
    content.write(
        "assessments/a.yaml",
        (
            "title: T\nintro: Hello\nscale: {points: 2, labels: [Disagree, Agree]}\n"
            "favourable_from: 2\n"
            "dimensions:\n  - id: d\n    title: D\n    items:\n      - {id: i, text: I}\n"
        ),
    )
    cache = RenderCache()
    catalog = content.load(render_cache=cache)
    assert catalog.errors == ()
    catalog.prerender()
    rendered = cache.renders
    # body en+it, intro en (it falls back), quiz texts: scenario 2, prompt 2,
    # option a text 2 + feedback 2, option b text 1 + feedback 1
    assert rendered == 2 + 1 + 10
    catalog.prerender()
    assert cache.renders == rendered
