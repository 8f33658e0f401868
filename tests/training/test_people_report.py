"""The people report (HR: everyone; a manager: their departments), its CSV, and training
reminders sent by HR or a manager."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from academy.extensions import db
from academy.models import Delivery, Job
from academy.training.assignments import create_assignment
from tests import factories
from tests.admin.helpers import outbox, text_of
from tests.learn.conftest import ALL_RIGHT, ALL_WRONG, client_for, take_quiz


def _manager_of(app, *departments):
    client = client_for(app, "manager")
    client.user.set_managed_departments({d.id for d in departments})
    db.session.commit()
    return client


def _setup(app):
    w = SimpleNamespace()
    w.sales, w.legal = factories.department("Sales"), factories.department("Legal")
    w.hr = client_for(app, "hr", dept=w.legal)
    w.seller = client_for(app, dept=w.sales, given_name="Sara", family_name="Seller")
    create_assignment(
        w.hr.user,
        module_id="listening",
        department=w.sales,
        due_on=date.today() - timedelta(days=3),
        due_days=None,
    )
    w.lawyer = factories.user(dept=w.legal, given_name="Luca", family_name="Lawyer")
    take_quiz(w.seller, "welcome", ALL_WRONG)
    take_quiz(w.seller, "welcome", ALL_RIGHT)
    return w


def test_hr_sees_everyone_with_status_and_scores(app):
    w = _setup(app)
    page = w.hr.get("/training/people").get_data(as_text=True)
    assert "Sara Seller" in page
    assert "Luca Lawyer" in page
    assert "Overdue" in page
    assert "3 days late" in page
    csv_text = w.hr.get("/training/people.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    sara = {r["Module"]: r for r in rows if r["Name"] == "Sara Seller"}
    assert sara["Welcome"]["Status"] == "Completed"
    assert float(sara["Welcome"]["First attempt (%)"]) < float(sara["Welcome"]["Best score (%)"])
    assert sara["Listening"]["Status"] == "Overdue"
    assert sara["Listening"]["Due date"] == (date.today() - timedelta(days=3)).isoformat()
    only_overdue = w.hr.get("/training/people?status=overdue").get_data(as_text=True)
    assert "Sara Seller" in only_overdue
    assert "Luca Lawyer" not in only_overdue


def test_a_manager_sees_only_the_departments_they_manage(app):
    w = _setup(app)
    manager = _manager_of(app, w.sales)
    page = manager.get("/training/people").get_data(as_text=True)
    assert "Sara Seller" in page
    assert "Luca Lawyer" not in page
    assert manager.get(f"/training/people?department={w.legal.id}").status_code == 403
    assert manager.get(f"/training/people.csv?department={w.legal.id}").status_code == 403
    text = manager.get("/training/people.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["Name"] for r in rows} == {"Sara Seller"}
    assert all(r["Department"] == "Sales" for r in rows)


def test_a_manager_reminds_their_people_with_training_left(app):
    w = _setup(app)
    done = factories.user(dept=w.sales)
    manager = _manager_of(app, w.sales)
    assert manager.post("/training/remind", data={"department": str(w.legal.id)}).status_code == 403
    response = manager.post("/training/remind", data={"department": str(w.sales.id)})
    assert response.status_code == 303
    job_page = manager.get(response.headers["Location"]).get_data(as_text=True)
    assert "Training reminder" in job_page
    recipients = sorted(m["To"] for m in outbox(app))
    assert w.seller.user.email in recipients
    assert w.lawyer.email not in recipients
    message = next(m for m in outbox(app) if m["To"] == w.seller.user.email)
    assert "Listening" in text_of(message)
    assert "was due on" in text_of(message)
    # A second send the same day skips those just reminded.
    manager.post("/training/remind", data={"department": str(w.sales.id)})
    assert len(outbox(app)) == len(recipients)
    assert {r for r in db.session.scalars(select(Delivery.reason)) if r} == {"recent"}
    assert done.id  # in the department, with training left too


def test_people_without_the_role_cannot_see_the_report(app):
    _setup(app)
    for roles in ((), ("trainer",), ("admin",)):
        client = client_for(app, *roles)
        assert client.get("/training/people").status_code == 403
        assert client.post("/training/remind", data={}).status_code == 403
    assert db.session.scalar(select(Job.id)) is None
