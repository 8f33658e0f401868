"""CatalogStore: load once, or reload on change at most once per interval; log errors."""

from __future__ import annotations

import logging
import os

import pytest

from academy.catalog import CatalogStore, load_catalog
from academy.catalog import store as store_module

from .conftest import module_md


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def touch_later(path, text: str) -> None:
    """Rewrite a file and move its mtime on, so equal-size edits are seen too."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_loads_lazily_and_once_without_auto_reload(content, clock):
    folder = content.module("m", title="One")
    store = CatalogStore(content.root, clock=clock)
    assert store.loads == 0
    assert store.get().module("m").title() == "One"
    touch_later(folder / "module.md", module_md(title="Two"))
    clock.now += 60
    assert store.get().module("m").title() == "One"
    assert store.loads == 1
    assert store.reload().module("m").title() == "Two"


def test_auto_reload_on_change(content, clock):
    folder = content.module("m", title="One")
    store = CatalogStore(content.root, auto_reload=True, clock=clock)
    first = store.get()
    touch_later(folder / "module.md", module_md(title="Two"))
    assert store.get() is first  # within the interval: not even a stat walk
    clock.now += 1.0
    second = store.get()
    assert second is not first
    assert second.module("m").title() == "Two"
    assert store.loads == 2


def test_auto_reload_sees_new_and_deleted_files(content, clock):
    content.module("a")
    store = CatalogStore(content.root, auto_reload=True, clock=clock)
    assert list(store.get().modules) == ["a"]
    content.module("b")
    clock.now += 1.5
    assert list(store.get().modules) == ["a", "b"]
    (content.root / "modules" / "b" / "module.md").unlink()
    clock.now += 1.5
    assert list(store.get().modules) == ["a"]


def test_no_reload_when_unchanged(content, clock, monkeypatch):
    content.module("m")
    store = CatalogStore(content.root, auto_reload=True, clock=clock)
    first = store.get()
    walks = []
    real = store_module.fingerprint
    monkeypatch.setattr(store_module, "fingerprint", lambda root: walks.append(1) or real(root))
    for _ in range(5):
        clock.now += 0.3
        assert store.get() is first
    assert store.loads == 1
    assert len(walks) == 1  # 1.5 s elapsed in 0.3 s steps: one check, no reload


def test_renders_survive_reload_of_other_modules(content, clock):
    content.module("stable", body="Stable\n")
    changing = content.module("changing")
    store = CatalogStore(content.root, auto_reload=True, clock=clock)
    html = store.get().module("stable").html("en")
    touch_later(changing / "module.md", module_md(title="Changed"))
    clock.now += 2
    catalog = store.get()
    assert catalog.module("changing").title() == "Changed"
    assert catalog.module("stable").html("en") is html
    assert store.render_cache.renders == 1


def test_errors_are_logged_one_line_each(content, caplog):
    content.module("m", extra="order: x\n")
    content.module("n", extra="status: live\n")
    with caplog.at_level(logging.INFO, logger="academy.catalog"):
        CatalogStore(content.root).get()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "modules/m/module.md:4: front matter: 'order' must be a whole number, found the text 'x'",
        "modules/n/module.md:4: front matter: 'status' must be 'published' or 'draft', found the "
        "text 'live'",
    ]
    assert all(r.name == "academy.catalog" for r in caplog.records)
    summary = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(summary) == 1
    assert "0 modules" in summary[0]
    assert "2 errors" in summary[0]


def test_failed_reload_keeps_serving_previous_catalog(content, clock, monkeypatch, caplog):
    folder = content.module("m")
    store = CatalogStore(content.root, auto_reload=True, clock=clock)
    first = store.get()

    def explode(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(store_module, "load_catalog", explode)
    touch_later(folder / "module.md", module_md(title="Two"))
    clock.now += 2
    with caplog.at_level(logging.ERROR, logger="academy.catalog"):
        assert store.get() is first
    assert "keeping the previous catalog" in caplog.text
    monkeypatch.setattr(store_module, "load_catalog", load_catalog)
    clock.now += 2
    assert store.get() is first  # nothing changed since the failed attempt
    assert store.reload().module("m").title() == "Two"


def test_loader_kwargs_are_passed_through(content):
    folder = content.module("m", body="![x](a.png)\n")
    (folder / "a.png").write_bytes(b"png")
    store = CatalogStore(
        content.root, asset_url="/static/{module}/{path}", languages=("en",), default_language="en"
    )
    catalog = store.get()
    assert catalog.languages == ("en",)
    assert 'src="/static/m/a.png"' in catalog.module("m").html()
