"""HR requires modules with due dates; people see what is due and when; overdue shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import select

from academy.extensions import db
from academy.models import Assignment, AuditEvent, User
from academy.training.requirements import PersonRef, requirements_of
from tests import factories
from tests.conftest import login
from tests.learn.conftest import ALL_RIGHT, client_for, take_quiz


def _assign(hr, module_id, department=None, *, due_on=None, due_days=None):
    data = {"module_id": module_id, "department": str(department.id) if department else ""}
    if due_on is not None:
        data |= {"rule": "date", "due_on": due_on.isoformat()}
    else:
        data |= {"rule": "days", "due_days": str(due_days)}
    response = hr.post("/training/assignments", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)


def test_hr_assigns_a_module_to_a_department_and_its_people_see_the_due_date(app):
    sales, legal = factories.department("Sales"), factories.department("Legal")
    hr = client_for(app, "hr")
    _assign(hr, "listening", sales, due_on=date.today() + timedelta(days=10))
    seller = client_for(app, dept=sales)
    lawyer = client_for(app, dept=legal)
    home = seller.get("/").get_data(as_text=True)
    assert "Required of you" in home
    assert '<a href="/learn/modules/listening">Listening</a>' in home
    assert "due on" in home
    assert "0 of 2 required modules completed" in home
    assert "Listening" not in lawyer.get("/").get_data(as_text=True)
    catalog = seller.get("/learn/").get_data(as_text=True)
    assert catalog.index("Listening") < catalog.index("Promises")  # required first
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "training.assigned")
    )


def test_overdue_shows_after_the_due_date(app):
    sales = factories.department("Sales")
    seller = factories.user(dept=sales)  # here before the assignment
    hr = client_for(app, "hr")
    due = date.today() + timedelta(days=2)
    _assign(hr, "listening", sales, due_on=due)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=4), tick=False):
        client = app.test_client()
        login(client, seller)
        home = client.get("/").get_data(as_text=True)
        assert "Overdue" in home
        assert "was due on" in home


def test_days_count_from_joining_or_from_the_assignment(app):
    hr = client_for(app, "hr")
    veteran = factories.user()
    veteran.created_at = datetime(2020, 1, 1)
    db.session.commit()
    _assign(hr, "promises", due_days=14)
    assignment = db.session.scalar(select(Assignment))
    ref = PersonRef(veteran.id, veteran.department_id, veteran.created_at)
    due = {r.module_id: r.due_on for r in requirements_of(ref)}
    assert due == {"welcome": None, "promises": assignment.created_at.date() + timedelta(days=14)}
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=30)
    newcomer = PersonRef(0, veteran.department_id, later)
    due = {r.module_id: r.due_on for r in requirements_of(newcomer)}
    assert due["promises"] == later.date() + timedelta(days=14)


def test_a_fixed_date_gives_late_joiners_their_own_time(app):
    hr = client_for(app, "hr")
    _assign(hr, "promises", due_on=date.today() + timedelta(days=5))
    joiner = PersonRef(
        0, factories.department().id, datetime.now(UTC).replace(tzinfo=None) + timedelta(days=20)
    )
    due = {r.module_id: r.due_on for r in requirements_of(joiner)}["promises"]
    assert due == joiner.joined_at.date() + timedelta(days=app.config["TRAINING_NEW_JOINER_DAYS"])


def test_the_earliest_due_date_wins_and_removing_an_assignment_drops_it(app):
    sales = factories.department("Sales")
    hr = client_for(app, "hr")
    _assign(hr, "promises", due_on=date.today() + timedelta(days=20))
    _assign(hr, "promises", sales, due_on=date.today() + timedelta(days=5))
    seller = factories.user(dept=sales)
    ref = PersonRef(seller.id, sales.id, seller.created_at)
    due = {r.module_id: r.due_on for r in requirements_of(ref)}
    assert due["promises"] == date.today() + timedelta(days=5)
    page = hr.get("/training/assignments").get_data(as_text=True)
    assert "Everyone" in page
    for row in db.session.scalars(select(Assignment)).all():
        hr.post(f"/training/assignments/{row.id}/delete")
    assert [r.module_id for r in requirements_of(ref)] == ["welcome"]


def test_the_assignment_form_explains_what_is_missing(app):
    hr = client_for(app, "hr")
    response = hr.post("/training/assignments", data={"module_id": "", "rule": "date"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a module." in page
    assert "Enter the due date." in page
    response = hr.post(
        "/training/assignments", data={"module_id": "promises", "rule": "days", "due_days": "0"}
    )
    assert "Enter a number from 1 to 365." in response.get_data(as_text=True)
    assert db.session.scalar(select(Assignment.id)) is None


def test_only_hr_manages_assignments(app):
    for roles in ((), ("manager",), ("trainer",), ("admin",)):
        client = client_for(app, *roles)
        assert client.get("/training/assignments").status_code == 403


def test_the_certificate_appears_when_everything_required_is_done(app):
    hr = client_for(app, "hr")
    _assign(hr, "listening", due_on=date.today() + timedelta(days=5))
    person = client_for(app, given_name="Maria", family_name="Rossi", language="it")
    pending = person.get("/training/certificate")
    assert pending.status_code == 404
    take_quiz(person, "welcome", ALL_RIGHT)
    take_quiz(person, "listening", ALL_RIGHT)
    home = person.get("/").get_data(as_text=True)
    assert 'href="/training/certificate"' in home
    page = person.get("/training/certificate").get_data(as_text=True)
    assert "Maria Rossi" in page
    assert "Welcome" in page
    assert "Listening" in page
    assert "Attestato di completamento" in page  # in the person's language
    assert "Example Company" in page
    user = db.session.get(User, person.user.id)
    user.language = "en"
    db.session.commit()
    page = person.get("/training/certificate").get_data(as_text=True)
    assert "Certificate of completion" in page
