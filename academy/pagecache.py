"""Whole pages kept rendered, with holes for what changes on every request.

A page that many requests share (the same module, language, roles and progress) is
rendered once; what belongs to one request only (the CSRF token, the quiz ticket, the
name in the header) is left as a hole and filled in each time. A key must name
everything else the page depends on: the cache is a pure function of its key, so
every worker may keep its own and none is ever stale. It is bounded (least recently
used entries go first) and emptied when the content reloads.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping

from flask import Flask, current_app

from academy.content import EXTENSION_KEY

PAGES_KEY = "academy.pages"
# Random per process, so no content or user input can forge a hole.
_MARK = "hole" + secrets.token_hex(8)
_HOLES = re.compile(_MARK + r"_([a-z_]+)_")


def hole(name: str) -> str:
    """The placeholder rendered in place of a per-request value (letters and ``_`` only).

    It is plain ASCII without any character HTML escaping would change, so it comes out
    of an autoescaped template exactly as it went in.
    """
    return f"{_MARK}_{name}_"


class Page:
    """A rendered page cut at its holes: text, hole name, text, hole name, ..., text."""

    __slots__ = ("_parts",)

    def __init__(self, html: str) -> None:
        self._parts = tuple(_HOLES.split(html))

    def fill(self, values: Mapping[str, str]) -> str:
        """The page with each hole replaced; values must already be HTML-escaped."""
        parts = self._parts
        out = list(parts)
        for i in range(1, len(parts), 2):
            out[i] = values[parts[i]]
        return "".join(out)


class PageCache:
    """A bounded, thread-safe map from a page's key to the page as rendered."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()
        self._loads = -1

    def get(self, key: Hashable, content_loads: int, render: Callable[[], str]) -> Page:
        if self.max_entries <= 0:
            return Page(render())
        with self._lock:
            if content_loads != self._loads:
                self._pages.clear()
                self._loads = content_loads
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        # Rendered outside the lock: two threads rendering the same page is harmless.
        page = Page(render())
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)
        return page

    def __len__(self) -> int:
        return len(self._pages)


def cached_page(key: Hashable, render: Callable[[], str], holes: Mapping[str, str]) -> str:
    """The page for ``key``, rendered by ``render`` if needed, with ``holes`` filled in."""
    store = current_app.extensions[EXTENSION_KEY]
    cache: PageCache = current_app.extensions[PAGES_KEY]
    return cache.get(key, store.loads, render).fill(holes)


def init_app(app: Flask) -> None:
    app.extensions[PAGES_KEY] = PageCache(app.config["PAGE_CACHE_ENTRIES"])
