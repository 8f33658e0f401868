from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.insights import builders as b


@pytest.fixture
def content_dir(tmp_path):
    return b.write_content(tmp_path / "content")


@pytest.fixture
def app(app_factory, content_dir):
    return app_factory(CONTENT_DIR=str(content_dir))


@pytest.fixture
def hr(as_role):
    return as_role("hr")


@pytest.fixture
def company(app):
    """Two closed cycles worked out by hand (see the expected figures in the tests).

    Latest cycle ("Spring"): Care 10, Sales 8, Ops 6, Legal 3 respondents.
    Legal (3) is below 5, so it is hidden; hidden answers would then total 3, which
    the company figure minus the shown groups would reveal, so the smallest shown group,
    Ops (6), is hidden too. Care and Sales are shown.
    Previous cycle ("Winter"): Care 10, Sales 4 (hidden), Ops 6 (hidden to protect Sales).
    People asked in Spring: Care 12, Sales 16, Ops 6, Legal 3, Empty 4.
    """
    depts = {
        name: factories.department(name) for name in ("Care", "Sales", "Ops", "Legal", "Empty")
    }
    g = b.group
    winter = b.run_cycle(
        "Winter",
        date(2026, 1, 10),
        [
            g(depts["Care"], 10, {"l1": 3, "l2": 3, "k1": 3, "k2": 3}),
            g(depts["Sales"], 4, {"l1": 5, "l2": 1, "k1": 5, "k2": 5}),
            g(depts["Ops"], 6, {"l1": 3, "l2": 3, "k1": 3, "k2": 3}),
        ],
    )
    spring = b.run_cycle(
        "Spring",
        date(2026, 4, 10),
        [
            # Care: l1 half 5 half 4 -> 87.5; l2 chosen 2 (reverse) -> score 4 -> 75;
            # listening 81.25. k1 all 3 -> 50; k2 all don't know -> excluded; keeping 50.
            g(depts["Care"], 5, {"l1": 5, "l2": 2, "k1": 3, "k2": None}, "Great team"),
            g(depts["Care"], 5, {"l1": 4, "l2": 2, "k1": 3, "k2": None}),
            # Sales: l1 2 -> 25; l2 chosen 4 -> score 2 -> 25; listening 25.
            # k1 half 1 half 5 -> 50; k2 all 3 -> 50; keeping 50. Overall 37.5.
            g(depts["Sales"], 4, {"l1": 2, "l2": 4, "k1": 1, "k2": 3}, "Slow replies"),
            g(depts["Sales"], 4, {"l1": 2, "l2": 4, "k1": 5, "k2": 3}),
            g(depts["Ops"], 6, {"l1": 3, "l2": 3, "k1": 3, "k2": 3}),
            g(depts["Legal"], 3, {"l1": 1, "l2": 5, "k1": 1, "k2": 1}, "Legal secret"),
        ],
        silent={depts["Care"]: 2, depts["Sales"]: 8, depts["Empty"]: 4},
    )
    return {"depts": depts, "winter": winter, "spring": spring}


@pytest.fixture
def open_cycle(app, company):
    care = company["depts"]["Care"]
    return b.run_cycle(
        "Summer",
        date(2026, 7, 10),
        [b.group(care, 7, {"l1": 5, "l2": 1, "k1": 5, "k2": 5})],
        silent={care: 5},
        close=False,
    )
