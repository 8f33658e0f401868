"""The configured disclosure decision for groups of people (training, comments).

Assessment figures are decided per figure by academy.scoring.disclose_family when a
cycle closes (academy.reports.results); this wrapper applies the threshold rule with
complementary suppression to plain group sizes, with the configured minimum.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from flask import current_app

from academy.scoring import COMPLEMENTARY, SMALL, visible_groups


@dataclass(frozen=True)
class Disclosure:
    """Which groups are visible, and why the others are not."""

    counts: Mapping[Hashable, int]
    shown: frozenset
    min_size: int

    def visible(self, key: Hashable) -> bool:
        return key in self.shown

    def reason(self, key: Hashable) -> str | None:
        """None when visible; "small" or "complementary" otherwise."""
        if key in self.shown:
            return None
        return SMALL if self.counts.get(key, 0) < self.min_size else COMPLEMENTARY


def disclose(counts: Mapping[Hashable, int], *, comments: bool = False) -> Disclosure:
    """Decide which groups may be shown, given people per group (covering everyone)."""
    key = "COMMENT_MIN_GROUP_SIZE" if comments else "MIN_GROUP_SIZE"
    min_size = int(current_app.config[key])
    clean = {k: int(v) for k, v in counts.items()}
    return Disclosure(clean, frozenset(visible_groups(clean, min_size)), min_size)
