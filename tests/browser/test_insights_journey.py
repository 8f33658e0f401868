"""HR's insights journey in a real browser.

HR opens a cycle, sees participation rise as responses arrive, opens the heatmap with a
small department suppressed, opens a department page, downloads the CSV, creates and
revokes an API token. The history cycle and the colleagues' responses go through the
assessment services (the same code the answer form calls); everything HR does goes
through the UI.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from academy.assess import services
from academy.content import get_catalog
from academy.extensions import db
from academy.models import ApiToken, Cycle, CycleMember, User
from academy.people import create_user, get_or_create_department
from tests.browser.conftest import ASSESSMENT_ID, close_open_cycle

# Department: (people, how many of them answered the spring cycle, their culture level 1-5).
SPRING = {"Care": (10, 8, 4), "Sales": (12, 9, 2), "Ops": (8, 7, 3), "Legal": (3, 3, 5)}


def _answers(level: int, offset: int) -> dict[str, int]:
    """Answers around ``level`` (after reversal), as the person would tick them."""
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    answers = {}
    for n, item in enumerate(assessment.items):
        score = max(1, min(5, level + (-1, 0, 0, 1)[(n + offset) % 4]))
        answers[item.id] = 6 - score if item.reverse else score
    return answers


def _respond(cycle_id: int, user_ids: list[int], level: int) -> None:
    cycle = db.session.get(Cycle, cycle_id)
    for n, user_id in enumerate(user_ids):
        services.submit_response(cycle, db.session.get(User, user_id), _answers(level, n), None)


@pytest.fixture(scope="module")
def culture(live_app):
    """Four Journey departments and a closed spring cycle they answered."""
    suffix = os.urandom(3).hex()
    close_open_cycle(live_app)
    with live_app.app_context():
        people: dict[str, list[int]] = {}
        depts = {}
        for name, (size, _answered, _level) in SPRING.items():
            dept = get_or_create_department(f"Journey {name}")
            depts[name] = dept.id
            users = [
                create_user(
                    email=f"{name.lower()}{n}.{suffix}@example.com",
                    given_name=name,
                    family_name=f"Person {n}",
                    department=dept,
                )
                for n in range(size)
            ]
            db.session.commit()
            people[name] = [u.id for u in users]
        spring = services.create_cycle(
            assessment_id=ASSESSMENT_ID,
            name="Journey spring",
            opens_on=date(2026, 4, 1),
            closes_on=date(2026, 4, 15),
            actor=None,
        )
        services.open_cycle(spring, None)
        for name, (_size, answered, level) in SPRING.items():
            _respond(spring.id, people[name][:answered], level)
        services.close_cycle(spring, None)
        return {"depts": depts, "people": people, "spring": spring.id}


def test_hr_opens_a_cycle_follows_participation_reads_the_heatmap_and_manages_a_token(
    visit, make_person, culture, no_open_cycle, live_app, tmp_path
):
    page = visit.page
    visit.login(make_person("hr", department="Journey HR"))

    # HR creates the summer cycle and opens it.
    visit.navigate(lambda: page.get_by_role("link", name="Assessment", exact=True).click())
    visit.navigate(lambda: page.get_by_role("link", name="Manage assessment cycles").click())
    page.get_by_label("Name").fill("Journey summer")
    page.get_by_label("Opening date").fill(date.today().isoformat())
    page.get_by_label("Closing date").fill((date.today() + timedelta(days=14)).isoformat())
    visit.navigate(lambda: page.get_by_role("button", name="Create draft").click())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Journey summer")
    visit.navigate(lambda: page.get_by_role("link", name="Open the cycle…").click())
    assert "Who will be asked, by department" in page.content()
    visit.navigate(lambda: page.get_by_role("button", name="Open now").click())
    assert "The cycle is open." in page.locator(".flashes").inner_text()
    with live_app.app_context():
        summer = db.session.scalar(select(Cycle).where(Cycle.name == "Journey summer"))
        summer_id = summer.id
        headcount = db.session.scalar(
            select(func.count()).select_from(CycleMember).where(CycleMember.cycle_id == summer.id)
        )

    visit.navigate(lambda: page.get_by_role("link", name="Insights").first.click())
    assert page.get_by_role("heading", level=2).first.inner_text().startswith("Journey summer")
    assert f"0 responses so far from the {headcount} people asked" in page.content()
    assert "Scores are shown when the cycle closes." in page.content()

    # Responses arrive while the cycle is open; HR reloads the overview.
    with live_app.app_context():
        _respond(summer_id, culture["people"]["Care"][:6], 4)
    visit.navigate(lambda: page.reload())
    assert f"6 responses so far from the {headcount} people asked" in page.content()
    care_row = page.get_by_role("row").filter(has_text="Journey Care")
    assert "60%" in care_row.inner_text()

    # The spring heatmap, with the small department suppressed.
    visit.navigate(lambda: page.get_by_role("link", name="Heatmap").click())
    page.get_by_label("Cycle", exact=True).select_option(label="Journey spring")
    visit.navigate(lambda: page.get_by_role("button", name="Show").click())
    assert page.get_by_role("heading", level=2).inner_text() == "Journey spring"
    legal = page.get_by_role("row").filter(has_text="Journey Legal")
    assert "Too few answers to show" in legal.inner_text()
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
    any_visit.goto(f"/insights/heatmap?cycle={culture['spring']}")
    assert "Journey Legal" in any_visit.page.content()
    any_visit.goto("/insights/training")
    any_visit.goto(f"/insights/reliability?cycle={culture['spring']}")


def test_department_page_and_trainer_statistics_read_on_a_phone(any_visit, make_person, culture):
    spring = culture["spring"]
    any_visit.login(make_person("hr"))
    any_visit.goto(f"/insights/departments/{culture['depts']['Sales']}?cycle={spring}")
    assert any_visit.page.locator("svg[role=img]").count() >= 3
    any_visit.goto(f"/insights/departments/{culture['depts']['Legal']}?cycle={spring}")
    assert "Too few answers to show" in any_visit.page.content()
    any_visit.goto("/insights/tokens")


def test_trainer_opens_quiz_statistics(any_visit, make_person):
    page = any_visit.page
    any_visit.login(make_person("trainer"))
    any_visit.navigate(lambda: page.get_by_role("link", name="Open quiz statistics").click())
    any_visit.navigate(lambda: page.locator("table a").first.click())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Quiz statistics:")
