"""Closed cycles' aggregates are stored when the cycle closes, give the same figures as a
live GROUP BY, and report pages (GETs) never write them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import AuditEvent, CycleAggregate, CycleStatus
from tests.insights import builders as b
from tests.insights.builders import bearer


def _stored_cycles() -> set[int]:
    return set(db.session.scalars(select(CycleAggregate.cycle_id).distinct()))


def _stored_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(CycleAggregate))


def test_precompute_stores_closed_cycles_only(app, runner, company, open_cycle):
    result = runner.invoke(args=["insights", "precompute"])
    assert result.exit_code == 0, result.output
    assert "Aggregates stored for 2 closed cycles." in result.output
    assert _stored_cycles() == {company["winter"].id, company["spring"].id}
    again = _stored_rows()
    runner.invoke(args=["insights", "precompute"])
    assert _stored_rows() == again


def test_closing_a_cycle_stores_its_aggregates(hr, company, open_cycle):
    response = hr.post(f"/assessment/cycles/{open_cycle.id}/close")
    assert response.status_code == 303
    db.session.refresh(open_cycle)
    assert open_cycle.status == CycleStatus.CLOSED
    kinds = set(
        db.session.scalars(
            select(CycleAggregate.kind).where(CycleAggregate.cycle_id == open_cycle.id)
        )
    )
    assert {k.split(":")[0] for k in kinds} == {"scores", "reliability"}
    stored_at = db.session.scalars(select(CycleAggregate.computed_at)).all()
    # Reports read what closing stored, and write nothing.
    assert hr.get(f"/insights/heatmap?cycle={open_cycle.id}").status_code == 200
    assert hr.get(f"/insights/reliability?cycle={open_cycle.id}").status_code == 200
    db.session.expire_all()
    assert db.session.scalars(select(CycleAggregate.computed_at)).all() == stored_at


def test_closing_twice_is_refused_and_stores_nothing_more(hr, company, open_cycle):
    hr.post(f"/assessment/cycles/{open_cycle.id}/close")
    rows = _stored_rows()
    page = hr.post(f"/assessment/cycles/{open_cycle.id}/close", follow_redirects=True)
    assert "Only an open cycle can be closed." in page.get_data(as_text=True)
    assert _stored_rows() == rows
    closed = select(func.count()).where(AuditEvent.action == "cycle.closed")
    assert db.session.scalar(closed) == 1


def test_reports_compute_unstored_closed_cycles_without_writing(client, hr, company):
    headers = bearer()
    url = f"/api/v1/cycles/{company['spring'].id}/scores"
    live = client.get(url, headers=headers).get_json()
    for page in ("/insights/", "/insights/heatmap", "/insights/training", "/insights/reliability"):
        assert hr.get(page).status_code == 200, page
    department = company["depts"]["Care"].id
    assert hr.get(f"/insights/departments/{department}").status_code == 200
    assert _stored_rows() == 0
    app = client.application
    assert app.test_cli_runner().invoke(args=["insights", "precompute"]).exit_code == 0
    assert company["spring"].id in _stored_cycles()
    assert client.get(url, headers=headers).get_json() == live


def test_a_reclosed_cycle_is_recomputed(client, runner, company):
    headers = bearer()
    spring = company["spring"]
    url = f"/api/v1/cycles/{spring.id}/scores"
    runner.invoke(args=["insights", "precompute"])
    before = client.get(url, headers=headers).get_json()
    # Reopened, two more Legal answers arrive, closed again later: the stored row is stale.
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


def test_heatmap_offers_every_closed_cycle_to_choose_from(hr, company, open_cycle):
    page = hr.get("/insights/heatmap").get_data(as_text=True)
    picker = page.split('id="cycle-select"', 1)[1].split("</select>", 1)[0]
    assert f'value="{company["winter"].id}"' in picker
    assert f'value="{company["spring"].id}" selected' in picker
    assert "Summer" not in picker  # open: no scores to show yet
    overview = hr.get("/insights/").get_data(as_text=True)
    assert "Summer (open)" in overview
    assert "Spring (open)" not in overview
