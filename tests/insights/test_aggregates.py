"""Closed cycles' aggregates are stored once and give the same figures as a live GROUP BY."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import CycleAggregate, CycleStatus
from tests.insights import builders as b
from tests.insights.builders import bearer


def _stored_cycles() -> set[int]:
    return set(db.session.scalars(select(CycleAggregate.cycle_id).distinct()))


def test_precompute_stores_closed_cycles_only(app, runner, company, open_cycle):
    result = runner.invoke(args=["insights", "precompute"])
    assert result.exit_code == 0, result.output
    assert "Aggregates stored for 2 closed cycles." in result.output
    assert _stored_cycles() == {company["winter"].id, company["spring"].id}
    again = db.session.scalar(select(func.count()).select_from(CycleAggregate))
    runner.invoke(args=["insights", "precompute"])
    assert db.session.scalar(select(func.count()).select_from(CycleAggregate)) == again


def test_stored_figures_equal_live_figures(client, company):
    headers = bearer()
    url = f"/api/v1/cycles/{company['spring'].id}/scores"
    cold = client.get(url, headers=headers).get_json()
    assert company["spring"].id in _stored_cycles()
    warm = client.get(url, headers=headers).get_json()
    assert warm == cold


def test_a_reclosed_cycle_is_recomputed(client, company):
    headers = bearer()
    spring = company["spring"]
    url = f"/api/v1/cycles/{spring.id}/scores"
    before = client.get(url, headers=headers).get_json()
    # Reopened, two more Legal answers arrive, closed again later.
    spring.status = CycleStatus.OPEN
    db.session.commit()
    b.many(spring, company["depts"]["Legal"], 2, {"l1": 1, "l2": 5, "k1": 1, "k2": 1})
    spring.status = CycleStatus.CLOSED
    spring.closed_at = datetime(2026, 5, 1)
    db.session.commit()
    after = client.get(url, headers=headers).get_json()
    assert after["company"]["respondents"] == before["company"]["respondents"] + 2
    legal = next(d for d in after["departments"] if d["name"] == "Legal")
    assert legal["hidden"] is None  # 5 respondents now: shown
