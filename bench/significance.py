"""How often the heatmap's ▲/▼ marks are false alarms, and how often they find a real
difference: the marking before (95% interval of the department against the company mean
that includes it, no correction) and now (Welch's test against the rest of the company,
Benjamini–Hochberg across the heatmap), on simulated companies.

    python bench/significance.py            # 200 maps per scenario
    python bench/significance.py --runs 40  # quicker

Simulation: each person has a latent level per dimension, N(0, 1) plus their
department's effect; each answer is round(3 + level + N(0, 0.8)) on 1..5, "don't know"
4% of the time. Targets: false-mark share of maps near the 5% FDR level; the planted
difference marked as often as the map size allows.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from academy.scoring import (
    compare_with_rest,
    cross_sums,
    significance_marks,
    t_quantile,
)

ITEMS = 4


def simulate(rng, sizes, dims, effects):
    """rows[dim][dept] = list of people's answer vectors."""
    rows = {d: {} for d in range(dims)}
    for dept, n in enumerate(sizes):
        for d in range(dims):
            group = []
            for _ in range(n):
                level = rng.gauss(effects.get((dept, d), 0.0), 1.0)
                row = []
                for _i in range(ITEMS):
                    if rng.random() < 0.04:
                        row.append(None)
                    else:
                        row.append(min(5, max(1, round(3 + level + rng.gauss(0, 0.8)))))
                group.append(row)
            rows[d][dept] = group
    return rows


def marks_now(rows):
    tests = {}
    for d, depts in rows.items():
        sums = {dept: cross_sums(group, ITEMS) for dept, group in depts.items()}
        company = cross_sums([], ITEMS)
        for part in sums.values():
            company = company + part
        for dept, part in sums.items():
            compared = compare_with_rest(part, company)
            if compared is not None:
                tests[(dept, d)] = (compared[0].p, compared[1])
    return significance_marks(tests)


def _person_mean(row):
    values = [v for v in row if v is not None]
    return sum(values) / len(values) if values else None


def marks_before(rows):
    """The earlier rule: the department's 95% t interval of person means lies entirely
    above or below the company mean (department included), each cell on its own."""
    marks = {}
    for d, depts in rows.items():
        everyone = [
            m for group in depts.values() for m in map(_person_mean, group) if m is not None
        ]
        company = sum(everyone) / len(everyone)
        for dept, group in depts.items():
            means = [m for m in map(_person_mean, group) if m is not None]
            n = len(means)
            mean = sum(means) / n
            sd = math.sqrt(sum((m - mean) ** 2 for m in means) / (n - 1))
            half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
            marks[(dept, d)] = 1 if mean - half > company else (-1 if mean + half < company else 0)
    return marks


def scenario(name, runs, sizes, dims, effects, seed):
    rng = random.Random(seed)
    planted = set(effects)
    stats = {
        "before": [0, 0, 0],
        "now": [0, 0, 0],
    }  # maps with a false mark, false marks, planted found
    started = time.perf_counter()
    for _ in range(runs):
        rows = simulate(rng, sizes, dims, effects)
        for label, method in (("before", marks_before), ("now", marks_now)):
            marks = method(rows)
            false = sum(1 for k, v in marks.items() if v and k not in planted)
            stats[label][0] += false > 0
            stats[label][1] += false
            stats[label][2] += sum(
                1 for k, effect in effects.items() if marks.get(k, 0) == (1 if effect > 0 else -1)
            )
    elapsed = time.perf_counter() - started
    print(f"\n{name} ({runs} maps, {len(sizes)} departments x {dims} dimensions, {elapsed:.0f} s)")
    for label, (maps, false, found) in stats.items():
        line = (
            f"  {label:6}  maps with a false mark {maps / runs:6.1%}"
            f"   false marks per map {false / runs:5.2f}"
        )
        if planted:
            line += f"   planted difference marked {found / (runs * len(planted)):6.1%}"
        print(line)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    runs = args.runs
    print("Targets: maps with a false mark near 5% (the FDR level); the planted difference")
    print("marked as often as the correction for the number of cells allows.")
    scenario("No real differences", runs, [20] * 40, 8, {}, args.seed)
    scenario(
        "A department holding half the respondents, no real difference",
        runs * 2,
        [200, *([20] * 10)],
        1,
        {},
        args.seed + 1,
    )
    scenario(
        "One department of 20 is 0.5 SD lower on one dimension (40 x 8 map)",
        runs,
        [20] * 40,
        8,
        {(0, 0): -0.5},
        args.seed + 2,
    )
    scenario(
        "One department of 20 is 0.5 SD lower on every dimension (10 x 8 map)",
        runs,
        [20] * 10,
        8,
        {(0, d): -0.5 for d in range(8)},
        args.seed + 3,
    )
    scenario(
        "A department holding half the respondents is 0.2 SD lower (11 departments)",
        runs * 2,
        [200, *([20] * 10)],
        1,
        {(0, 0): -0.2},
        args.seed + 4,
    )


if __name__ == "__main__":
    main()
