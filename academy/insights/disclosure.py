"""The one place that decides which groups a report may show (DESIGN.md invariant 3).

Pages, charts, CSV exports and the API all call :func:`disclose` with respondents per
group and publish only the groups it marks visible. It applies the threshold rule with
complementary suppression of :func:`academy.scoring.visible_groups` with the configured
minimum group size (``MIN_GROUP_SIZE``, or ``COMMENT_MIN_GROUP_SIZE`` for comments).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from flask import current_app

from academy.scoring import total_visible, visible_groups

SMALL = "small"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Disclosure:
    """Which groups are visible, and why the others are not."""

    counts: Mapping[Hashable, int]
    shown: frozenset
    min_size: int

    def visible(self, key: Hashable) -> bool:
        return key in self.shown

    def reason(self, key: Hashable) -> str | None:
        """None when visible; "small" (below the minimum) or "complementary" (hidden so
        that the company total cannot reveal a small group by subtraction)."""
        if key in self.shown:
            return None
        return SMALL if self.counts.get(key, 0) < self.min_size else COMPLEMENTARY

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def total_visible(self) -> bool:
        return total_visible(self.total, self.min_size)


def disclose(counts: Mapping[Hashable, int], *, comments: bool = False) -> Disclosure:
    """Decide which groups may be shown, given respondents per group.

    ``counts`` must cover everyone in the published total (every department that has
    respondents), or a group missing from it would be an unprotected remainder.
    """
    key = "COMMENT_MIN_GROUP_SIZE" if comments else "MIN_GROUP_SIZE"
    min_size = int(current_app.config[key])
    clean = {k: int(v) for k, v in counts.items()}
    return Disclosure(clean, frozenset(visible_groups(clean, min_size)), min_size)
