"""HR's insights journey in a real browser.

The assessment feature (opening cycles, answering) is built separately, so the cycles
and the anonymous responses are written straight into the live app's database the way
that feature stores them; everything HR does goes through the UI.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from academy.content import get_catalog
from academy.extensions import db
from academy.models import Answer, ApiToken, Cycle, CycleHeadcount, CycleStatus, Response
from academy.models.assessment import random_id
from academy.people import get_or_create_department


def _cycle(name: str, opens: date, status: CycleStatus) -> Cycle:
    cycle = Cycle(
        assessment_id="customer-culture",
        assessment_version="v1",
        name=name,
        opens_on=opens,
        closes_on=opens + timedelta(days=14),
        status=status,
        opened_at=datetime.combine(opens, datetime.min.time()),
        closed_at=datetime.combine(opens + timedelta(days=14), datetime.min.time())
        if status == CycleStatus.CLOSED
        else None,
    )
    db.session.add(cycle)
    db.session.flush()
    return cycle


def _respond(cycle: Cycle, dept, level: int, rng: random.Random) -> None:
    assessment = get_catalog().assessment("customer-culture")
    response = Response(
        id=random_id(),
        cycle_id=cycle.id,
        department_id=dept.id,
        submitted_on=cycle.opens_on,
        assessment_version="v1",
    )
    db.session.add(response)
    for dim in assessment.dimensions:
        for item in dim.items:
            score = max(1, min(5, level + rng.choice((-1, 0, 0, 1))))
            db.session.add(
                Answer(
                    response_id=response.id,
                    item_id=item.id,
                    dimension_id=dim.id,
                    cycle_id=cycle.id,
                    department_id=dept.id,
                    value=6 - score if item.reverse else score,
                    score=score,
                )
            )


@pytest.fixture(scope="module")
def culture(live_app):
    rng = random.Random(3)
    with live_app.app_context():
        depts = {
            n: get_or_create_department(f"Journey {n}") for n in ("Care", "Sales", "Ops", "Legal")
        }
        spring = _cycle("Journey spring", date(2026, 4, 1), CycleStatus.CLOSED)
        for name, n, level in (("Care", 8, 4), ("Sales", 9, 2), ("Ops", 7, 3), ("Legal", 3, 5)):
            for _ in range(n):
                _respond(spring, depts[name], level, rng)
        summer = _cycle("Journey summer", date(2026, 7, 1), CycleStatus.OPEN)
        for name, n in (("Care", 10), ("Sales", 12), ("Ops", 8), ("Legal", 3)):
            db.session.add(
                CycleHeadcount(cycle_id=summer.id, department_id=depts[name].id, headcount=n)
            )
        db.session.commit()
        return {"depts": {k: v.id for k, v in depts.items()}, "summer": summer.id}


def test_hr_follows_participation_reads_the_heatmap_exports_and_manages_a_token(
    visit, make_person, culture, live_app, tmp_path
):
    page = visit.page
    visit.login(make_person("hr", department="Journey Care"))
    visit.navigate(lambda: page.get_by_role("link", name="Insights").first.click())
    assert page.get_by_role("heading", level=2).first.inner_text().startswith("Journey summer")
    assert "0 responses out of a headcount of 33" in page.content()
    assert "Scores are shown when the cycle closes." in page.content()

    # Responses arrive while the cycle is open.
    with live_app.app_context():
        summer = db.session.get(Cycle, culture["summer"])
        care = get_or_create_department("Journey Care")
        rng = random.Random(4)
        for _ in range(6):
            _respond(summer, care, 4, rng)
        db.session.commit()
    visit.navigate(lambda: page.reload())
    assert "6 responses out of a headcount of 33" in page.content()
    care_row = page.get_by_role("row").filter(has_text="Journey Care")
    assert "60%" in care_row.inner_text()

    # The heatmap shows the latest closed cycle, with the small department suppressed.
    visit.navigate(lambda: page.get_by_role("link", name="Heatmap").click())
    assert page.get_by_role("heading", level=2).inner_text() == "Journey spring"
    legal = page.get_by_role("row").filter(has_text="Journey Legal")
    assert "Not enough respondents" in legal.inner_text()
    ops = page.get_by_role("row").filter(has_text="Journey Ops")
    assert "Hidden to protect a smaller group" in ops.inner_text()
    page.get_by_role("button", name="Overall").click()
    visit.audit()
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Overall")
    rows = page.locator("table.heatmap tbody th[scope=row]").all_inner_texts()
    assert rows.index("Journey Sales") < rows.index("Journey Care")  # lower score first

    visit.navigate(lambda: page.get_by_role("link", name="Journey Care").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Journey Care"
    assert page.locator("svg[role=img] title").count() >= 3
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename.startswith("department-cycle-")
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffDimension,Item,")

    # Create an API token: shown once; then revoke it.
    visit.navigate(lambda: page.get_by_role("link", name="API tokens").click())
    page.get_by_label("Name").fill("Journey BI")
    visit.navigate(lambda: page.get_by_role("button", name="Create token").click())
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("cca_")
    with live_app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Journey BI"))
        assert token.revoked_at is None
        assert secret not in token.token_hash
    visit.navigate(lambda: page.get_by_role("link", name="API tokens").click())
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    visit.navigate(lambda: page.get_by_role("button", name="Revoke Journey BI").click())
    assert "revoked: it no longer opens the API" in page.content()
    with live_app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Journey BI"))
        assert token.revoked_at is not None


def test_heatmap_reads_on_a_phone(any_visit, make_person, culture):
    any_visit.login(make_person("hr"))
    any_visit.goto("/insights/heatmap")
    assert "Journey Legal" in any_visit.page.content()
    any_visit.goto("/insights/training")
    any_visit.goto("/insights/reliability")


def test_department_page_and_trainer_statistics_read_on_a_phone(any_visit, make_person, culture):
    any_visit.login(make_person("hr"))
    any_visit.goto(f"/insights/departments/{culture['depts']['Sales']}")
    assert any_visit.page.locator("svg[role=img]").count() >= 3
    any_visit.goto(f"/insights/departments/{culture['depts']['Legal']}")
    assert "Not enough respondents" in any_visit.page.content()
    any_visit.goto("/insights/tokens")


def test_trainer_opens_quiz_statistics(any_visit, make_person):
    page = any_visit.page
    any_visit.login(make_person("trainer"))
    any_visit.navigate(lambda: page.get_by_role("link", name="Open quiz statistics").click())
    any_visit.navigate(lambda: page.locator("table a").first.click())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Quiz statistics:")
