"""Benchmark: how long the content catalog takes to load, render and check for changes.

Usage: python bench/catalog_load.py [content-dir]

Generates 500 modules (English + Italian page, 5-question quiz each, one image) in a
temporary folder and times them; then does the same for a real content folder
(argv[1], default ./content if it exists).

Target: load_catalog (validation included; rendering is lazy) < 2 s for 500 modules.
Rendering every text in both languages is reported separately; it happens once per
(version, language), on first view or with Catalog.prerender().
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from academy.catalog import CatalogStore, RenderCache, load_catalog
from academy.catalog.store import fingerprint

T = TypeVar("T")
MODULES = 500
TARGET_LOAD_SECONDS = 2.0
WORDS = [
    "customer",
    "relationship",
    "trust",
    "promise",
    "follow",
    "up",
    "anticipate",
    "listen",
    "answer",
    "branch",
    "prospect",
    "loyalty",
    "thanks",
    "service",
    "channel",
    "quickly",
    "honest",
    "update",
    "explain",
]


def sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def body(rng: random.Random, lang: str) -> str:
    parts = ["![Diagram](diagram.png)\n"]
    for section in range(4):
        parts.append(
            f"## {lang.upper()} section {section}\n\n{paragraph(rng)}\n\n"
            f"### Detail {section}\n\n{paragraph(rng)} **{rng.choice(WORDS)}** "
            f"[more](https://example.com/{section})\n\n- {sentence(rng, 6)}\n"
            f"- {sentence(rng, 6)}\n"
        )
    parts.append("| step | owner |\n|---|---|\n| call | branch |\n| update | office |\n")
    return "\n".join(parts)


def quiz(rng: random.Random) -> str:
    lines = ["pass_mark: 70", "questions:"]
    for q in range(5):
        kind = "single" if q % 2 == 0 else "multiple"
        lines += [
            f"  - id: q{q}",
            f"    type: {kind}",
            f'    scenario: {{en: "{sentence(rng, 30)}", it: "{sentence(rng, 30)}"}}',
            f'    prompt: {{en: "{sentence(rng, 8)}", it: "{sentence(rng, 8)}"}}',
            "    options:",
        ]
        for o in range(4):
            correct = o == 0 or (kind == "multiple" and o == 1)
            lines += [
                f"      - id: o{o}",
                f'        text: {{en: "{sentence(rng, 6)}", it: "{sentence(rng, 6)}"}}',
                f"        correct: {'true' if correct else 'false'}",
                f'        feedback: {{en: "{sentence(rng, 16)}", it: "{sentence(rng, 16)}"}}',
            ]
    return "\n".join(lines) + "\n"


def generate(root: Path, count: int) -> None:
    rng = random.Random(42)
    for index in range(count):
        folder = root / "modules" / f"module-{index:03d}"
        folder.mkdir(parents=True)
        prereq = f"prerequisites: [module-{index - 1:03d}]\n" if index % 10 else ""
        meta = f"order: {index}\ntags: [service, trust]\n{prereq}"
        (folder / "module.md").write_text(
            f"---\ntitle: Module {index}\nsummary: {sentence(rng)}\n{meta}---\n{body(rng, 'en')}"
        )
        (folder / "module.it.md").write_text(
            f"---\ntitle: Modulo {index}\nsummary: {sentence(rng)}\n{meta}---\n{body(rng, 'it')}"
        )
        (folder / "quiz.yaml").write_text(quiz(rng))
        (folder / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def measure(root: Path, label: str, target: float | None) -> None:
    print(f"== {label}: {root}")
    timings = []
    for _ in range(3):
        catalog, seconds = timed(lambda: load_catalog(root))
        timings.append(seconds)
    modules = len(catalog.modules)
    questions = sum(len(m.quiz.questions) for m in catalog.modules.values() if m.quiz)
    print(f"modules loaded: {modules}, questions: {questions}, errors: {len(catalog.errors)}")
    load = min(timings)
    verdict = (
        ""
        if target is None
        else (f" (target < {target:.1f} s: {'met' if load < target else 'MISSED'})")
    )
    print(f"load_catalog, validation only (best of 3): {load:.3f} s{verdict}")

    cache = RenderCache()
    catalog = load_catalog(root, render_cache=cache)
    _, render = timed(catalog.prerender)
    print(
        f"render everything, {len(catalog.languages)} languages: {render:.3f} s "
        f"({cache.renders} renders)"
    )
    print(f"load + render everything: {load + render:.3f} s")
    if modules:
        first = next(iter(catalog.modules.values()))
        _, cached = timed(lambda: [first.html("en") for _ in range(10_000)])
        print(f"cached page body lookup: {cached / 10_000 * 1e6:.2f} us")

    _, walk = timed(lambda: fingerprint(root))
    print(f"auto-reload change check (stat walk): {walk * 1000:.1f} ms")
    store = CatalogStore(root, auto_reload=True)
    store.get().prerender()
    renders = store.render_cache.renders
    if modules:
        page = next(iter(store.get().modules.values())).path / "module.md"
        original = page.read_bytes()
        page.write_bytes(original + b"\nOne more line.\n")
        try:
            _, reload = timed(store.reload)
            store.get().prerender()
        finally:
            page.write_bytes(original)  # the real content folder is measured too
        print(
            f"reload after one page changed: {reload:.3f} s, then "
            f"{store.render_cache.renders - renders} re-render(s)"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        _, seconds = timed(lambda: generate(root, MODULES))
        print(f"generated {MODULES} modules in {seconds:.1f} s")
        measure(root, f"{MODULES} generated modules", TARGET_LOAD_SECONDS)
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("content")
    if real.is_dir():
        measure(real, "content folder", None)
    else:
        print(f"no content folder at {real}; skipped")


if __name__ == "__main__":
    main()
