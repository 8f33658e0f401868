"""Line-aware, typed reading of one YAML mapping, reporting every problem once.

Each getter returns the value (or the default) when it is valid, and None after
reporting an error; ``Fields.ok`` says whether anything was wrong.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import FileReporter
from .rendering import LocalizedText
from .yamlsrc import LineDict, LineList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SLUG_HINT = "lowercase letters, digits and single hyphens, e.g. 'first-contact'"
IDENT_HINT = "letters, digits, '-' and '_'"


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...]
    default: str

    def describe(self) -> str:
        return ", ".join(self.codes)


def describe(value: Any, *, text_expected: bool = False) -> str:
    """How a YAML value reads to a trainer, for "found ..." messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        hint = (
            " (YAML reads yes/no/on/off as true/false; put the text in quotes)"
            if text_expected
            else ""
        )
        return str(value).lower() + hint
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Fields:
    """Checks the keys of ``mapping`` (unknown, missing, duplicated) and reads values.

    ``what`` names the thing in messages, e.g. "question 'slow-paperwork'".
    """

    def __init__(
        self,
        file: FileReporter,
        mapping: LineDict,
        what: str,
        langs: Languages,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> None:
        self.file, self.map, self.what, self.langs = file, mapping, what, langs
        self.ok = True
        required, optional = tuple(required), tuple(optional)
        allowed = required + optional
        for key, line, first in mapping.duplicates:
            self.error(line, f"'{key}' is given twice in {what} (first on line {first})")
        for key in mapping:
            if not isinstance(key, str) or key not in allowed:
                self.error(mapping.key_line(key), self._unknown(key, allowed))
        for key in required:
            if key not in mapping:
                self.error(mapping.line, f"{what}: missing required key '{key}'")
            elif mapping[key] is None or mapping[key] == "":
                self.error(mapping.key_line(key), f"{what}: '{key}' is empty")

    def _unknown(self, key: Any, allowed: tuple[str, ...]) -> str:
        message = f"{self.what}: unknown key '{key}'"
        close = difflib.get_close_matches(str(key), allowed, n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        return message + f"; expected one of: {', '.join(allowed)}"

    def error(self, line: int | None, message: str) -> None:
        self.ok = False
        self.file.error(line, message)

    def line(self, key: str) -> int:
        return self.map.value_line(key)

    def has(self, key: str) -> bool:
        # An empty value counts as absent; required keys were reported in __init__.
        return self.map.get(key) not in (None, "")

    def _bad(self, key: str, expected: str, *, text_expected: bool = False) -> None:
        found = describe(self.map[key], text_expected=text_expected)
        self.error(self.line(key), f"{self.what}: '{key}' must be {expected}, found {found}")

    def integer(
        self,
        key: str,
        default: int | None = None,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if not self.has(key):
            return default
        value = self.map[key]
        expected = _range_text("a whole number", minimum, maximum)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not _within(value, minimum, maximum)
        ):
            self._bad(key, expected)
            return None
        return value

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        positive: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | None:
        if not self.has(key):
            return default
        value = self.map[key]
        expected = "a positive number" if positive else _range_text("a number", minimum, maximum)
        if (
            not is_number(value)
            or (positive and value <= 0)
            or not _within(value, minimum, maximum)
        ):
            self._bad(key, expected)
            return None
        return value

    def flag(self, key: str, default: bool = False) -> bool | None:
        if not self.has(key):
            return default
        if not isinstance(self.map[key], bool):
            self._bad(key, "true or false")
            return None
        return self.map[key]

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        if not self.has(key):
            return default
        if self.map[key] not in choices:
            self._bad(key, " or ".join(f"'{c}'" for c in choices))
            return None
        return self.map[key]

    def text(self, key: str, default: str | None = None) -> str | None:
        """A plain (single-language) non-empty string."""
        if not self.has(key):
            return default
        value = self.map[key]
        if not isinstance(value, str) or not value.strip():
            self._bad(key, "a text", text_expected=True)
            return None
        return value.strip()

    def ident(
        self, key: str = "id", pattern: re.Pattern[str] = IDENT, hint: str = IDENT_HINT
    ) -> str | None:
        value = self.text(key)
        if value is not None and not pattern.match(value):
            self.error(self.line(key), f"{self.what}: '{key}' '{value}' may only use {hint}")
            return None
        return value

    def str_list(
        self,
        key: str,
        *,
        pattern: re.Pattern[str] | None = None,
        hint: str = "",
        unique: bool = False,
        non_empty: bool = False,
    ) -> tuple[str, ...] | None:
        """A list of strings; also returns each item's line via ``item_lines``."""
        if not self.has(key):
            return None
        items = self.map[key]
        if not isinstance(items, LineList):
            self._bad(key, "a list")
            return None
        if non_empty and not items:
            self._bad(key, "a list with at least one entry")
            return None
        ok, seen = True, set()
        for index, item in enumerate(items):
            line = items.item_line(index)
            if not isinstance(item, str) or not item.strip():
                self.error(
                    line,
                    f"{self.what}: each entry of '{key}' must be a text, "
                    f"found {describe(item, text_expected=True)}",
                )
                ok = False
            elif pattern is not None and not pattern.match(item):
                self.error(line, f"{self.what}: '{item}' in '{key}' may only use {hint}")
                ok = False
            elif unique and item in seen:
                self.error(line, f"{self.what}: '{item}' appears twice in '{key}'")
                ok = False
            seen.add(item)
        return tuple(items) if ok else None

    def item_lines(self, key: str) -> list[int]:
        items = self.map.get(key)
        return list(items.item_lines) if isinstance(items, LineList) else []

    def mapping(self, key: str) -> LineDict | None:
        if not self.has(key):
            return None
        if not isinstance(self.map[key], LineDict):
            self._bad(key, "a mapping (indented key: value lines)")
            return None
        return self.map[key]

    def seq(self, key: str) -> LineList | None:
        if not self.has(key):
            return None
        if not isinstance(self.map[key], LineList):
            self._bad(key, "a list ('- ' entries)")
            return None
        return self.map[key]

    def localized(self, key: str) -> tuple[LocalizedText, dict[str, int]] | None:
        """A text that is either a plain string (default language) or {lang: text}.

        Returns the text and the line of each language's value, or None if absent/invalid.
        """
        if not self.has(key):
            return None
        value, line = self.map[key], self.line(key)
        label = f"{self.what}: '{key}'"
        if isinstance(value, str):
            if not value.strip():
                self.error(line, f"{label} is empty")
                return None
            return LocalizedText.of({self.langs.default: value}, self.langs.default), {
                self.langs.default: self.map.text_line(key)
            }
        if not isinstance(value, LineDict):
            self._bad(key, "a text or a mapping of language codes to texts", text_expected=True)
            return None
        texts, lines, ok = {}, {}, True
        for lang, text in value.items():
            if lang not in self.langs.codes:
                self.error(
                    value.key_line(lang),
                    f"{label}: unknown language '{lang}' (supported: {self.langs.describe()})",
                )
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.error(
                    value.value_line(lang),
                    f"{label}: the '{lang}' text must be a "
                    f"non-empty text, found "
                    f"{describe(text, text_expected=True)}",
                )
                ok = False
            else:
                texts[lang], lines[lang] = text, value.text_line(lang)
        for dup, dup_line, first in value.duplicates:
            self.error(dup_line, f"{label}: '{dup}' is given twice (first on line {first})")
            ok = False
        if ok and self.langs.default not in texts:
            self.error(
                line,
                f"{label} has no '{self.langs.default}' text; the default language is required",
            )
            ok = False
        return (LocalizedText.of(texts, self.langs.default), lines) if ok else None


def _within(value: float, minimum: float | None, maximum: float | None) -> bool:
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def _range_text(kind: str, minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{kind} from {minimum} to {maximum}"
    if minimum is not None:
        return f"{kind} of at least {minimum}"
    if maximum is not None:
        return f"{kind} of at most {maximum}"
    return kind
