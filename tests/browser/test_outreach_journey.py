"""HR schedules a cycle, opens it through the confirmation step and reminds the people
who have not answered; a manager reads their department's report and finds who is late
with required training. Every page is checked with axe."""

from __future__ import annotations

import os
from datetime import date, timedelta

from sqlalchemy import select

from academy.extensions import db
from academy.models import Cycle, CycleStatus, Department, User
from academy.training.assignments import create_assignment


def test_hr_schedules_opens_with_confirmation_and_reminds(
    visit, make_person, live_app, no_open_cycle
):
    page = visit.page
    name = f"Journey autumn {os.urandom(2).hex()}"
    make_person(department="Front Office")
    visit.login(make_person("hr", department="People Office"))
    visit.goto("/assessment/cycles")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Opening date").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Closing date").fill((date.today() + timedelta(days=21)).isoformat())
    visit.navigate(lambda: page.get_by_role("button", name="Create draft").click())

    # The confirmation step: who would be asked, by department; then schedule.
    visit.navigate(lambda: page.get_by_role("link", name="Open the cycle…").click())
    table = page.get_by_role("table").inner_text()
    assert "Front Office" in table
    assert "People Office" in table
    visit.navigate(lambda: page.get_by_role("button", name="Open by itself on").click())
    assert "The cycle will open by itself on" in page.locator(".flashes").inner_text()
    assert "Opens by itself on" in page.get_by_role("status").last.inner_text()

    # A scheduled reminder, three days before closing.
    page.get_by_label("Days before the closing date").fill("3")
    visit.navigate(lambda: page.get_by_role("button", name="Schedule", exact=True).click())
    assert "The reminder is scheduled." in page.locator(".flashes").inner_text()

    # Changed plans: open it now instead, after looking at the announcement.
    visit.navigate(lambda: page.get_by_role("button", name="Cancel the scheduled opening").click())
    visit.navigate(lambda: page.get_by_role("link", name="announcement").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Email preview: Announcement"
    assert "Hello Giulia," in page.locator(".email-text").inner_text()
    visit.navigate(lambda: page.get_by_role("link", name="Italiano").click())
    assert "Ciao Giulia," in page.locator(".email-text").inner_text()
    visit.navigate(lambda: page.get_by_role("link", name="Back to the cycle").click())
    visit.navigate(lambda: page.get_by_role("link", name="Open the cycle…").click())
    visit.navigate(lambda: page.get_by_role("button", name="Open now").click())
    assert "The announcement is on its way" in page.locator(".flashes").inner_text()
    with live_app.app_context():
        cycle = db.session.scalar(select(Cycle).where(Cycle.name == name))
        assert cycle.status is CycleStatus.OPEN

    # Remind those who have not answered: the job's page shows what was sent.
    page.once("dialog", lambda dialog: dialog.accept())
    visit.navigate(lambda: page.get_by_role("button", name="Send a reminder now").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Assessment reminder"
    assert int(page.locator('[data-job-count="sent"]').inner_text()) >= 2


def test_a_manager_reads_their_department_and_finds_overdue_training(visit, make_person, live_app):
    page = visit.page
    team = f"Field Team {os.urandom(2).hex()}"
    late_email = make_person(department=team, given_name="Paolo", family_name="Ritardo")
    manager_email = make_person("manager", department="Head Office")
    hr_email = make_person("hr")
    with live_app.app_context():
        department = db.session.scalar(select(Department).where(Department.name == team))
        manager = db.session.scalar(select(User).where(User.email == manager_email))
        manager.set_managed_departments({department.id})
        late = db.session.scalar(select(User).where(User.email == late_email))
        hr = db.session.scalar(select(User).where(User.email == hr_email))
        module_id = "customer-culture-basics"
        create_assignment(
            hr,
            module_id=module_id,
            department=department,
            due_on=date.today() - timedelta(days=2),
            due_days=None,
        )
        db.session.commit()
        assert late.department_id == department.id

    visit.login(manager_email)
    assert team in page.locator("#manager-panel-heading + ul").inner_text()
    visit.navigate(lambda: page.get_by_role("link", name="assessment results").first.click())
    assert page.get_by_role("heading", level=1).inner_text() == team
    visit.navigate(lambda: page.get_by_role("link", name="Team training").first.click())
    page.get_by_label("Status").select_option("overdue")
    visit.navigate(lambda: page.get_by_role("button", name="Show").click())
    rows = page.locator("table").last.inner_text()
    assert "Paolo Ritardo" in rows
    assert "Overdue" in rows
    assert "2 days late" in rows
