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

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

__all__ = [
    "COMPLEMENTARY",
    "EMPTY",
    "MIN_COMMENT_GROUP_SIZE",
    "MIN_GROUP_SIZE",
    "SMALL",
    "FamilyDisclosure",
    "disclose_family",
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


# --------------------------------------------------------------------------- per figure

#: Why a group's figure is hidden.
EMPTY = "empty"  # no scored answers at all: nothing to show
SMALL = "small"  # some figure would rest on 1..min_size-1 scored answers
COMPLEMENTARY = "complementary"  # hidden so that subtraction cannot reveal a smaller pool


@dataclass(frozen=True)
class FamilyDisclosure(Generic[K]):
    """The decision for one family of figures (e.g. a dimension and its items).

    ``shown`` are the groups whose figures of the family are published; ``reasons`` says
    why each other group is hidden; ``company`` lists the members (items) whose company
    figure may be published, and ``company_family`` whether the family's company figure
    (e.g. the dimension score, built from every item) may be.
    """

    shown: frozenset[K]
    reasons: Mapping[K, str]
    company: frozenset[str]
    company_family: bool


def disclose_family(
    counts: Mapping[K, Mapping[str, int]], members: Sequence[str], min_size: int
) -> FamilyDisclosure[K]:
    """Which groups may show a family of figures, given the scored answers behind each.

    ``counts[group][member]`` is the number of scored answers ("don't know" and every other
    exclusion left out) behind the group's figure for ``member`` (an item); a missing
    member counts 0. A group's figures of the family are shown together (its dimension
    score is built from its item scores, so showing one and hiding another would let the
    hidden one be worked out), and only when:

    1. every member it has answers for rests on at least ``min_size`` of them (a member
       with no scored answers in the group is simply left out of the group's figures);
    2. for every member, the groups hidden for the family together hold either no scored
       answers or at least ``min_size``, so the company figure minus the shown groups'
       figures never isolates fewer than ``min_size`` answers. Groups are hidden, smallest
       first (fewest answers on the member that needs it, then lowest key), until this holds.

    A company figure is shown when it rests on at least ``min_size`` answers; the family's
    company figure when every member with answers does. The threshold thus protects every
    figure actually shown, not only groups: a department of 20 in which 18 answered
    "don't know" shows nothing for that dimension.

    >>> d = disclose_family({"a": {"i": 20}, "b": {"i": 5}, "c": {"i": 1}}, ["i"], 5)
    >>> sorted(d.shown), d.reasons["b"], d.reasons["c"]
    (['a'], 'complementary', 'small')
    """
    _check_min_size(min_size)
    members = list(members)

    def count(group: K, member: str) -> int:
        value = counts[group].get(member, 0)
        if value < 0:
            raise ValueError(f"count for {group!r}/{member!r} must be >= 0, got {value}")
        return value

    reasons: dict[K, str] = {}
    shown: set[K] = set()
    for group in counts:
        values = [count(group, m) for m in members]
        if not any(values):
            reasons[group] = EMPTY
        elif any(0 < v < min_size for v in values):
            reasons[group] = SMALL
        else:
            shown.add(group)
    changed = True
    while changed:
        changed = False
        for member in members:
            pool = sum(count(g, member) for g in counts if g not in shown)
            if not 0 < pool < min_size:
                continue
            candidates = [g for g in shown if count(g, member) > 0]
            if not candidates:
                # Nothing shown holds answers to this member, so the company figure is
                # the pool itself: below the minimum, it is hidden below.
                continue
            smallest = min(candidates, key=lambda g: (count(g, member), g))
            shown.discard(smallest)
            reasons[smallest] = COMPLEMENTARY
            changed = True
    totals = {m: sum(count(g, m) for g in counts) for m in members}
    company = frozenset(m for m, n in totals.items() if n >= min_size)
    company_family = any(totals.values()) and all(n == 0 or m in company for m, n in totals.items())
    return FamilyDisclosure(frozenset(shown), reasons, company, company_family)
