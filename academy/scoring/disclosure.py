"""Which groups a report may show: small-group suppression (DESIGN.md invariant 3).

This module is the single place that decides it, so pages, CSV exports and the API
cannot disagree. Every report that breaks results down by group (department, team,
tenure band...) asks :func:`visible_groups` first and publishes only what it returns.

Two attacks are prevented:

1. **Direct small group.** A department of 2 people shows its average: each of them
   can work out what the other answered. Groups below ``min_size`` respondents are
   never shown (primary suppression).
2. **Subtraction from the total.** With the company total published, hiding one small
   group is not enough: total − Σ(shown groups) *is* the hidden group (for counts,
   and for sums, hence means). So when the hidden groups together hold fewer than
   ``min_size`` respondents, further groups are hidden (complementary suppression,
   smallest first) until the hidden remainder is at least ``min_size`` respondents —
   then subtraction only ever reveals a pooled figure over ``min_size`` or more people.

This is the standard threshold rule with complementary (secondary) cell suppression
of statistical disclosure control; see Hundepool et al., *Statistical Disclosure
Control* (Wiley 2012), §5.2 "Threshold rule" and §5.3 "Secondary suppression".

What it does not cover (callers must not create these openings): differencing between
two reports over different but overlapping groupings of the same people, or between a
report and the same report a day later in the same cycle. Reports therefore break down
by one fixed grouping at a time and only over closed cycles or whole cycles.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Protocol, TypeVar

__all__ = [
    "MIN_COMMENT_GROUP_SIZE",
    "MIN_GROUP_SIZE",
    "total_visible",
    "visible_groups",
]

#: Default minimum respondents per shown group (DESIGN.md invariant 3).
MIN_GROUP_SIZE = 5
#: Free-text comments identify people by style and content, hence the larger default.
MIN_COMMENT_GROUP_SIZE = 10


class _Orderable(Hashable, Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Orderable)


def _check_min_size(min_size: int) -> None:
    # min_size 0 or below would publish groups with no protection at all.
    if min_size < 1:
        raise ValueError(f"min_size must be >= 1, got {min_size}")


def total_visible(total: int, min_size: int) -> bool:
    """Whether the overall (company) figure over ``total`` respondents may be shown.

    The total is itself a group: below ``min_size`` respondents it is suppressed like any
    other, or a company with 3 respondents would reveal their answers.
    """
    _check_min_size(min_size)
    if total < 0:
        raise ValueError("total must be >= 0")
    return total >= min_size


def visible_groups(counts: Mapping[K, int], min_size: int) -> set[K]:
    """The groups whose figures may be shown, given respondents per group.

    ``counts`` maps every group key to its number of respondents (people, not answers).
    It must cover *everyone* in the published total: respondents without a group belong
    under a key of their own (e.g. ``"unassigned"``), or they would form an unprotected
    hidden remainder. Keys must be orderable (ids or names) for a deterministic
    tie-break.

    1. Primary suppression: every group with count < ``min_size`` is hidden.
    2. Complementary suppression: if the hidden groups hold 1..min_size-1 respondents in
       total, the smallest shown group (ties: lowest key) is hidden too; because every
       shown group has >= min_size respondents, one more always suffices, and the hidden
       total is then >= min_size.

    Zero-count groups: a group nobody in answered has nothing to show (hidden, it is
    below ``min_size``) and nothing to protect, so it does not count as a hidden group:
    if the only hidden groups are empty, subtraction from the total reveals "0
    respondents", which discloses no one's answers, and no further group is hidden.

    We always assume the total is published (safe side). If it is not
    (``total_visible`` false) every group is below ``min_size`` anyway and all are hidden.

    >>> sorted(visible_groups({"sales": 40, "care": 12, "legal": 3}, 5))
    ['sales']
    """
    _check_min_size(min_size)
    for key, count in counts.items():
        if count < 0:
            raise ValueError(f"count for {key!r} must be >= 0, got {count}")
    shown = {key for key, count in counts.items() if count >= min_size}
    hidden_total = sum(count for key, count in counts.items() if key not in shown)
    # Smallest first: hides the least information that protects the remainder. Every
    # shown group has >= min_size respondents, so today this runs at most once; it is a
    # loop so the rule stays right if the primary rule ever changes.
    while 0 < hidden_total < min_size and shown:
        smallest = min(shown, key=lambda key: (counts[key], key))
        shown.discard(smallest)
        hidden_total += counts[smallest]
    return shown
