"""A closed cycle's results are computed once, when it closes, and only read afterwards."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import AuditEvent, CycleResult, CycleStatus
from academy.reports import results as results_module


def _rows() -> list[tuple]:
    return list(db.session.execute(select(CycleResult.cycle_id, CycleResult.computed_at)))


def test_closing_a_cycle_stores_its_results_and_reports_only_read_them(hr, company, open_cycle):
    response = hr.post(f"/assessment/cycles/{open_cycle.id}/close")
    assert response.status_code == 303
    db.session.refresh(open_cycle)
    assert open_cycle.status == CycleStatus.CLOSED
    stored = db.session.get(CycleResult, open_cycle.id)
    assert stored.version == results_module.COMPUTATION_VERSION
    assert stored.payload["departments"]
    before = _rows()
    for page in ("/insights/", "/insights/heatmap", "/insights/reliability", "/insights/training"):
        assert hr.get(f"{page}?cycle={open_cycle.id}").status_code == 200, page
    care = company["depts"]["Care"].id
    assert hr.get(f"/insights/departments/{care}?cycle={open_cycle.id}").status_code == 200
    db.session.expire_all()
    assert _rows() == before


def test_closing_twice_is_refused_and_stores_nothing_more(hr, company, open_cycle):
    hr.post(f"/assessment/cycles/{open_cycle.id}/close")
    rows = _rows()
    page = hr.post(f"/assessment/cycles/{open_cycle.id}/close", follow_redirects=True)
    assert "Only an open cycle can be closed." in page.get_data(as_text=True)
    assert _rows() == rows
    closed = select(func.count()).where(
        AuditEvent.action == "cycle.closed", AuditEvent.target_id == str(open_cycle.id)
    )
    assert db.session.scalar(closed) == 1


def test_precompute_leaves_current_results_alone(runner, company):
    before = _rows()
    result = runner.invoke(args=["insights", "precompute"])
    assert result.exit_code == 0, result.output
    assert "0 computed, 0 rebuilt, 2 already current" in result.output
    assert _rows() == before


def test_a_new_computation_version_is_a_deliberate_rebuild_that_says_what_moved(
    runner, company, monkeypatch
):
    spring = company["spring"]
    stored = db.session.get(CycleResult, spring.id)
    # Pretend an older computation had stored a different figure.
    payload = dict(stored.payload)
    payload["company"] = {**payload["company"], "respondents": 26}
    stored.payload = payload
    db.session.commit()
    monkeypatch.setattr(results_module, "COMPUTATION_VERSION", 2)
    result = runner.invoke(args=["insights", "precompute"])
    assert result.exit_code == 0, result.output
    assert "Spring (cycle" in result.output
    assert "rebuilt" in result.output
    assert "company.respondents: 26 -> 27" in result.output
    assert "2 rebuilt" in result.output
    db.session.expire_all()
    assert db.session.get(CycleResult, spring.id).version == 2


def test_a_closed_cycle_without_results_says_so_and_precompute_computes_them(hr, runner, company):
    spring = company["spring"]
    db.session.delete(db.session.get(CycleResult, spring.id))
    db.session.commit()
    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    assert "have not been computed yet" in page
    result = runner.invoke(args=["insights", "precompute"])
    assert "1 computed" in result.output
    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    assert "Care" in page
    assert "heat-8" in page


def test_heatmap_offers_every_closed_cycle_to_choose_from(hr, company, open_cycle):
    page = hr.get("/insights/heatmap").get_data(as_text=True)
    picker = page.split('id="cycle-select"', 1)[1].split("</select>", 1)[0]
    assert f'value="{company["winter"].id}"' in picker
    assert f'value="{company["spring"].id}" selected' in picker
    assert "Summer" not in picker  # open: no scores to show yet
    overview = hr.get("/insights/").get_data(as_text=True)
    assert "Summer (open)" in overview
    assert "Spring (open)" not in overview
