"""``load_catalog``: a content folder in, a :class:`Catalog` out, whatever is broken."""

from __future__ import annotations

import difflib
import logging
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from .assessment import assessment_from_bytes, load_assessment
from .assets import DEFAULT_ASSET_URL
from .errors import Reporter
from .fields import Languages
from .models import Assessment, Catalog
from .modules import LoadSettings, ModuleDraft, load_module
from .rendering import RenderCache

logger = logging.getLogger("academy.catalog")

T = TypeVar("T")

DEFAULT_LANGUAGES = ("en", "it")
DEFAULT_LANGUAGE = "en"


def load_catalog(
    root: Path | str,
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    default_language: str = DEFAULT_LANGUAGE,
    asset_url: str = DEFAULT_ASSET_URL,
    render_cache: RenderCache | None = None,
) -> Catalog:
    """Load ``<root>/modules/*/`` and ``<root>/assessments/*.yaml``.

    Never raises for bad content: anything invalid is left out and described in
    ``Catalog.errors``. Markdown is rendered lazily, once per (version, language), into
    ``render_cache`` (a fresh one unless given; share one across reloads to keep the
    renders of unchanged files). ``asset_url`` is formatted with ``module`` and ``path``.
    """
    if default_language not in languages:
        raise ValueError(f"default language {default_language!r} is not in {languages!r}")
    if "{module}" not in asset_url or "{path}" not in asset_url:
        raise ValueError("asset_url must contain {module} and {path}")
    root = Path(root).absolute()
    reporter = Reporter(root)
    # `is None`, not `or`: an empty RenderCache is falsy (it has a length).
    cache = RenderCache() if render_cache is None else render_cache
    settings = LoadSettings(
        root=root,
        langs=Languages(tuple(languages), default_language),
        asset_url=asset_url,
        cache=cache,
        reporter=reporter,
    )
    if not root.is_dir():
        reporter.error(root, None, "content folder not found")

    folders = _children(root / "modules", directories=True)
    drafts: dict[str, ModuleDraft] = {}
    for folder in folders:
        draft = _guarded(reporter, folder, lambda f=folder: load_module(settings, f))
        if draft is not None:
            drafts[draft.module.id] = draft
    available = _check_prerequisites(drafts, {f.name for f in folders})
    modules = sorted(
        (drafts[i].module for i in available), key=lambda m: (m.order is None, m.order or 0, m.id)
    )

    assessments: dict[str, Assessment] = {}
    for path in _children(root / "assessments", directories=False):
        if path.suffix == ".yml":
            reporter.error(path, None, "assessment files must end in .yaml")
        elif path.suffix == ".yaml":
            found = _guarded(reporter, path, lambda p=path: load_assessment(settings, p))
            if found is not None:
                assessments[found.id] = found

    return Catalog(
        root=root,
        modules=MappingProxyType({m.id: m for m in modules}),
        assessments=MappingProxyType(dict(sorted(assessments.items()))),
        errors=reporter.sorted_errors(),
        languages=tuple(languages),
        default_language=default_language,
        unavailable=frozenset(f.name for f in folders) - set(available),
    )


def parse_assessment(
    assessment_id: str,
    source: bytes,
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    default_language: str = DEFAULT_LANGUAGE,
    render_cache: RenderCache | None = None,
) -> Assessment:
    """The assessment in ``source``, as if read from ``assessments/<assessment_id>.yaml``.

    Used for questionnaires kept with an assessment cycle (the text as it was when the
    cycle opened). Raises ValueError naming the problems when the text is not valid.
    """
    root = Path("/kept-questionnaires")
    reporter = Reporter(root)
    settings = LoadSettings(
        root=root,
        langs=Languages(tuple(languages), default_language),
        asset_url=DEFAULT_ASSET_URL,
        cache=RenderCache() if render_cache is None else render_cache,
        reporter=reporter,
    )
    found = assessment_from_bytes(settings, root / f"{assessment_id}.yaml", source)
    if found is None:
        problems = "; ".join(str(e) for e in reporter.sorted_errors())
        raise ValueError(f"not a valid assessment: {problems}")
    return found


def _children(folder: Path, *, directories: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    # Hidden entries (.DS_Store, editor swap files, .git) are never content.
    return sorted(
        p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir() == directories
    )


def _guarded(reporter: Reporter, path: Path, load: Callable[[], T]) -> T | None:
    """Run one file's loader; a bug triggered by odd content must not stop the others."""
    try:
        return load()
    except Exception as exc:  # invariant 2: report, log with traceback, keep loading
        logger.exception("unexpected error while loading %s", path)
        reporter.error(
            path,
            None,
            f"internal error while loading ({type(exc).__name__}: {exc}); please report it",
        )
        return None


def _check_prerequisites(drafts: dict[str, ModuleDraft], folder_ids: set[str]) -> list[str]:
    """Report unknown prerequisites, cycles and unavailable prerequisites.

    Returns the ids that stay. A module whose prerequisite is unknown, on a cycle or
    itself left out is left out too: serving it would either lock it forever or
    silently drop the path the trainers designed.
    """
    available = set()
    for module_id, draft in sorted(drafts.items()):
        ok = True
        for prereq in draft.module.prerequisites:
            if prereq not in folder_ids:
                hint = difflib.get_close_matches(prereq, sorted(folder_ids), n=1)
                draft.file.error(
                    draft.prerequisite_lines.get(prereq),
                    f"unknown prerequisite '{prereq}': there is no folder "
                    f"modules/{prereq}/" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                )
                ok = False
        if ok:
            available.add(module_id)

    graph = {m: [p for p in drafts[m].module.prerequisites if p in drafts] for m in available}
    cycles = {m: c for m in sorted(available) if (c := _cycle_through(graph, m))}
    for module_id, cycle in cycles.items():  # each member is told, from its own file
        draft = drafts[module_id]
        draft.file.error(
            draft.prerequisite_lines.get(cycle[1]),
            "prerequisites form a cycle: " + " -> ".join(cycle),
        )
    available -= set(cycles)

    changed = True
    while changed:  # a module left out takes the modules that require it along
        changed = False
        for module_id in sorted(available):
            draft = drafts[module_id]
            missing = next((p for p in draft.module.prerequisites if p not in available), None)
            if missing is not None:
                draft.file.error(
                    draft.prerequisite_lines.get(missing),
                    f"prerequisite '{missing}' is not available because it has "
                    f"errors (see its messages); '{module_id}' is left out until "
                    "it is fixed",
                )
                available.discard(module_id)
                changed = True
    return sorted(available)


def _cycle_through(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """The shortest prerequisite path from ``start`` back to itself, if any (BFS)."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return None
