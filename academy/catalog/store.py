"""CatalogStore: the one place the app gets its current :class:`Catalog` from."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import format_error
from .loader import load_catalog
from .models import Catalog
from .rendering import RenderCache
from .summary import summarize

logger = logging.getLogger("academy.catalog")

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """(path, mtime_ns, size) of every file under ``root``: a cheap "did anything change?".

    A stat walk, no reads: ~2,000 files stat in a few milliseconds.
    """
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # deleted between listing and stat: the next check sees it
                continue
            entries.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


class CatalogStore:
    """Thread-safe holder of the current catalog.

    With ``auto_reload`` (development) ``get`` re-checks the files at most every
    ``check_interval`` seconds and reloads when something changed; otherwise the
    content is loaded once, on first use. Renders survive reloads for unchanged files
    (one :class:`RenderCache` per store). Errors are logged to ``academy.catalog``,
    one ``path:line: message`` line each, whenever a load happens.
    """

    def __init__(
        self,
        root: Path | str,
        *,
        auto_reload: bool = False,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        **loader_kwargs: Any,
    ) -> None:
        self.root = Path(root)
        self.auto_reload = auto_reload
        self.check_interval = check_interval
        self.render_cache = RenderCache()
        self.loads = 0
        self._clock = clock
        self._loader_kwargs = loader_kwargs
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._fingerprint: Fingerprint | None = None
        self._checked_at = 0.0

    def get(self) -> Catalog:
        catalog = self._catalog
        if catalog is None:
            with self._lock:
                return self._catalog or self._load()
        due = self.auto_reload and self._clock() - self._checked_at >= self.check_interval
        # Non-blocking: while one request checks/reloads, the others keep serving the
        # catalog they already have instead of queueing behind the disk.
        if due and self._lock.acquire(blocking=False):
            try:
                self._checked_at = self._clock()
                if fingerprint(self.root) != self._fingerprint:
                    return self._load()
            finally:
                self._lock.release()
        return self._catalog or catalog

    def reload(self) -> Catalog:
        """Load now, whatever the files' state (e.g. after a deploy, or in tests)."""
        with self._lock:
            return self._load()

    def _load(self) -> Catalog:
        # Fingerprint first: a change made while loading is seen by the next check.
        current = fingerprint(self.root)
        try:
            catalog = load_catalog(self.root, render_cache=self.render_cache, **self._loader_kwargs)
        except Exception:
            if self._catalog is None:
                raise
            # A loader bug on reload must not take down a site that was serving.
            logger.exception(
                "reloading content from %s failed; keeping the previous catalog", self.root
            )
            self._fingerprint, self._checked_at = current, self._clock()
            return self._catalog
        self.render_cache.retain(catalog.render_scopes())
        for error in catalog.errors:
            logger.error("%s", format_error(error))
        logger.info("content loaded from %s: %s", self.root, summarize(catalog))
        self._catalog, self._fingerprint, self._checked_at = catalog, current, self._clock()
        self.loads += 1
        return catalog
