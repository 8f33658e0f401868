"""Localised text and the render-once cache.

Rendering is lazy: loading validates everything (so errors are known up front) but
turns Markdown into HTML only when a language is first asked for. The result is kept
in a :class:`RenderCache` under ``(scope, version, field, language)``; a page view
after the first never renders again. The version is the content hash of the source
file(s), so a :class:`~academy.catalog.store.CatalogStore` that shares one cache
across reloads re-renders only what actually changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from .assets import AssetResolver
from .markdown import TocEntry, render_block, render_document, render_inline

T = TypeVar("T")


@dataclass(frozen=True)
class LocalizedText:
    """A text in one or more languages; ``get`` falls back to the default language.

    Loading guarantees the default language is always present.
    """

    values: Mapping[str, str]
    default: str

    @classmethod
    def of(cls, values: Mapping[str, str], default: str) -> LocalizedText:
        return cls(MappingProxyType(dict(values)), default)

    def resolve(self, lang: str | None) -> str:
        """The language actually served for ``lang``."""
        return lang if lang in self.values else self.default

    def get(self, lang: str | None = None) -> str:
        return self.values[self.resolve(lang)]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.values)

    def __str__(self) -> str:
        return self.get()


class RenderCache:
    """Thread-safe memo of rendered HTML; ``renders`` counts actual renders."""

    def __init__(self) -> None:
        self._data: dict[tuple[Hashable, ...], Any] = {}
        self._lock = threading.Lock()
        self.renders = 0

    def get(self, key: tuple[Hashable, ...], render: Callable[[], T]) -> T:
        try:
            return self._data[key]
        except KeyError:
            pass
        with self._lock:  # double-checked: the second thread reuses the first one's work
            if key in self._data:
                return self._data[key]
            value = render()
            self._data[key] = value
            self.renders += 1
            return value

    def retain(self, live: Iterable[tuple[str, str]]) -> None:
        """Forget entries whose ``(scope, version)`` is no longer loaded."""
        keep = set(live)
        with self._lock:
            for key in [k for k in self._data if k[:2] not in keep]:
                del self._data[key]

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True, eq=False)
class MarkdownText:
    """A localised Markdown text (quiz scenario, option, feedback, assessment intro).

    ``key`` is ``(scope, version, field)``; ``inline`` texts render without a <p>.
    """

    source: LocalizedText
    key: tuple[str, str, str]
    inline: bool = False
    assets: AssetResolver | None = field(default=None, repr=False)
    cache: RenderCache = field(default_factory=RenderCache, repr=False)

    def html(self, lang: str | None = None) -> str:
        used = self.source.resolve(lang)
        text = self.source.values[used]
        render = render_inline if self.inline else render_block
        return self.cache.get((*self.key, used), lambda: render(text, self.assets))


@dataclass(frozen=True, eq=False)
class MarkdownDocument:
    """A module body in each of its languages, rendered with its table of contents."""

    source: LocalizedText
    key: tuple[str, str, str]
    assets: AssetResolver | None = field(default=None, repr=False)
    cache: RenderCache = field(default_factory=RenderCache, repr=False)

    def rendered(self, lang: str | None = None) -> tuple[str, tuple[TocEntry, ...]]:
        used = self.source.resolve(lang)
        text = self.source.values[used]
        return self.cache.get((*self.key, used), lambda: render_document(text, self.assets))

    def html(self, lang: str | None = None) -> str:
        return self.rendered(lang)[0]

    def toc(self, lang: str | None = None) -> tuple[TocEntry, ...]:
        return self.rendered(lang)[1]
