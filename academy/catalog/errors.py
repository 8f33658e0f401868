"""Content errors: every problem names a file, a line in it and what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file.

    ``path`` is relative to the content root (POSIX separators) so messages read the
    same on every machine; ``abspath`` keeps the absolute file for tools that open it.
    ``line`` is 1-based, or None when the problem concerns a file or folder as a whole
    (a missing ``module.md`` has no line to point at).
    """

    path: str
    line: int | None
    message: str
    abspath: Path = field(compare=False, repr=False)

    def __str__(self) -> str:
        return format_error(self)


def format_error(error: ContentError) -> str:
    """``path:line: message`` (``path: message`` when no line applies), as compilers do."""
    if error.line is None:
        return f"{error.path}: {error.message}"
    return f"{error.path}:{error.line}: {error.message}"


class Reporter:
    """Collects the errors of one load of a content root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []

    def relative(self, path: Path) -> str:
        try:
            relative = path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
        return path.as_posix() if relative == "." else relative  # the root itself

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.errors.append(ContentError(self.relative(path), line, message, path))

    def file(self, path: Path) -> FileReporter:
        return FileReporter(self, path)

    def sorted_errors(self) -> tuple[ContentError, ...]:
        # Stable order (file, then line) so `flask content check` output diffs cleanly.
        return tuple(sorted(self.errors, key=lambda e: (e.path, e.line or 0)))


class FileReporter:
    """Reports errors against one file and counts them, so a loader can tell if it is clean."""

    def __init__(self, reporter: Reporter, path: Path) -> None:
        self.reporter = reporter
        self.path = path
        self.rel = reporter.relative(path)
        self.count = 0

    def error(self, line: int | None, message: str) -> None:
        self.count += 1
        self.reporter.error(self.path, line, message)

    def decode(self, data: bytes) -> str | None:
        """The file's text with Unix newlines and no BOM, or None after reporting the
        line where it stops being UTF-8."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.error(line, "the file is not UTF-8 text; save it as UTF-8")
            return None
        # Files written on Windows must report the same lines as everywhere else.
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
