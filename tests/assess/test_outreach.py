"""Announcements, reminders and thanks: real SMTP, each person once, in their language."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.assess import cycles as services
from academy.assess.responses import submit_response
from academy.extensions import db
from academy.jobs import run_now
from academy.models import Cycle, CycleStatus, Delivery, DeliveryStatus, Job, JobStatus
from tests import factories
from tests.conftest import login
from tests.cycles import ASSESSMENT_ID, answers
from tests.mailserver import plain_text


def _smtp_app(app_factory, controller, **extra):
    return app_factory(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_DEFAULT_SENDER="academy@example.com",
        **extra,
    )


def _hr(app):
    client = app.test_client()
    person = factories.user("hr", given_name="Hana")
    login(client, person)
    client.person = person
    return client


def _draft(name="Spring 2027", closes_in=14) -> Cycle:
    today = date.today()
    return services.create_cycle(
        assessment_id=ASSESSMENT_ID,
        name=name,
        opens_on=today,
        closes_on=today + timedelta(days=closes_in),
        actor=None,
    )


def test_opening_asks_for_confirmation_with_counts_by_department(app, as_role):
    sales, legal = factories.department("Sales"), factories.department("Legal")
    for _ in range(3):
        factories.user(dept=sales)
    factories.user(dept=legal)
    factories.user(dept=legal, active=False)
    cycle = _draft()
    hr = as_role("hr")
    page = hr.get(f"/assessment/cycles/{cycle.id}/open").get_data(as_text=True)
    assert "Who will be asked, by department" in page
    assert '<th scope="row">Sales</th><td class="num">3</td>' in page
    assert '<th scope="row">Legal</th><td class="num">1</td>' in page
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.DRAFT  # looking at the page changes nothing


def test_opening_emails_everyone_asked_once_in_their_language(app_factory, smtp_server):
    controller, inbox = smtp_server
    app = _smtp_app(app_factory, controller)
    dept = factories.department("Sales")
    english = [factories.user(dept=dept, language="en") for _ in range(3)]
    italian = [factories.user(dept=dept, language="it", given_name="Giulia") for _ in range(2)]
    factories.user(dept=dept, active=False)  # not asked, not emailed
    hr = _hr(app)
    cycle = _draft(closes_in=10)
    response = hr.post(
        f"/assessment/cycles/{cycle.id}/open", data={"announce": "y", "open_now": "Open now"}
    )
    assert response.status_code == 303
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN

    assert db.session.scalar(select(Job.created_by_id).where(Job.name == "cycle.announce")) == (
        hr.person.id
    )
    by_address = {m["To"]: m for m in inbox.messages()}
    # Everyone asked (the HR person is active too), once each.
    asked = [p.email for p in english + italian] + [hr.person.email]
    assert sorted(inbox.recipients()) == sorted(asked)
    closing = cycle.closes_on
    for person in english:
        message = by_address[person.email]
        assert message["Subject"] == "Have your say: “Spring 2027” is open"
        text = plain_text(message)
        assert f"is open until {closing.strftime('%B')} {closing.day}, {closing.year}" in text
        assert "/assessment/" in text
        assert "Customer Culture Academy of Example Company" in text
        assert message.get_body(("html",)) is not None
    for person in italian:
        message = by_address[person.email]
        assert message["Subject"] == "Di' la tua: «Spring 2027» è aperto"
        assert "Ciao Giulia," in plain_text(message)

    # Running the job again sends nothing new.
    job_id = db.session.scalar(select(Job.id).where(Job.name == "cycle.announce"))
    db.session.execute(Job.__table__.update().values(status=JobStatus.QUEUED))
    db.session.commit()
    before = len(inbox.envelopes)
    run_now(job_id)
    assert len(inbox.envelopes) == before


def test_opening_without_announcement_sends_nothing(app, as_role):
    from tests.admin.helpers import outbox

    factories.user()
    cycle = _draft()
    as_role("hr").post(f"/assessment/cycles/{cycle.id}/open", data={"open_now": "Open now"})
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
    assert outbox(app) == []


def test_reminders_reach_exactly_the_people_who_have_not_answered(app_factory, smtp_server):
    controller, inbox = smtp_server
    app = _smtp_app(app_factory, controller, REMINDERS_MAX_PER_CYCLE=2)
    people = [factories.user() for _ in range(6)]
    hr = _hr(app)
    cycle = _draft()
    services.open_cycle(cycle, None, announce=False)
    answered = people[:2]
    for person in answered:
        submit_response(cycle, person, answers(), None)
    inbox.envelopes.clear()

    response = hr.post(f"/assessment/cycles/{cycle.id}/remind")
    assert response.status_code == 303
    # Everyone asked who has not answered (the HR person too), once each.
    assert sorted(inbox.recipients()) == sorted([p.email for p in people[2:]] + [hr.person.email])
    subject = inbox.messages()[0]["Subject"]
    assert subject.startswith("Reminder: “Spring 2027” closes on")

    # Someone answers; the next reminder leaves them out; the third send hits the maximum.
    submit_response(cycle, people[2], answers(), None)
    inbox.envelopes.clear()
    hr.post(f"/assessment/cycles/{cycle.id}/remind")
    assert sorted(inbox.recipients()) == sorted([p.email for p in people[3:]] + [hr.person.email])
    inbox.envelopes.clear()
    hr.post(f"/assessment/cycles/{cycle.id}/remind")
    assert inbox.recipients() == []
    skipped = db.session.scalars(
        select(Delivery.reason).where(Delivery.status == DeliveryStatus.SKIPPED)
    ).all()
    assert set(skipped) == {"limit"}


def test_a_reminder_to_someone_who_answered_after_planning_is_skipped(app):
    from academy.assess.outreach import reminder_batch
    from academy.models import CycleReminder
    from academy.outreach import Planned, plan
    from tests.admin.helpers import outbox

    person = factories.user()
    cycle = _draft()
    services.open_cycle(cycle, None, announce=False)
    row = CycleReminder(cycle_id=cycle.id, send_at=cycle.opened_at)
    db.session.add(row)
    db.session.commit()
    batch = reminder_batch(row.id)
    plan(
        batch, "cycle-remind", [Planned(f"{batch}:{person.id}", person.id, {"cycle_id": cycle.id})]
    )
    db.session.commit()
    submit_response(cycle, person, answers(), None)
    from academy.assess.outreach import dispatch_reminder

    dispatch_reminder(row)
    db.session.commit()
    assert outbox(app) == []
    assert db.session.scalar(select(Delivery.reason)) == "answered"


def test_closing_thanks_everyone_asked(app_factory, smtp_server):
    controller, inbox = smtp_server
    app = _smtp_app(app_factory, controller)
    people = [factories.user(language="it") for _ in range(3)]
    cycle = _draft()
    services.open_cycle(cycle, None, announce=False)
    submit_response(cycle, people[0], answers(), None)
    services.close_cycle(cycle, None)
    assert sorted(inbox.recipients()) == sorted(p.email for p in people)
    message = inbox.messages()[0]
    assert message["Subject"] == "Grazie: «Spring 2027» si è chiuso"
    assert "33" in plain_text(message)  # 1 of 3 took part
    assert app.config["ORGANISATION_NAME"] in plain_text(message)


def test_hr_previews_each_email_in_each_language(app, as_role):
    hr = as_role("hr", given_name="Hana")
    cycle = _draft()
    for kind in ("announcement", "reminder", "thanks"):
        english = hr.get(f"/assessment/cycles/{cycle.id}/emails/{kind}?lang=en")
        assert english.status_code == 200
        assert "Hello Hana," in english.get_data(as_text=True)
        italian = hr.get(f"/assessment/cycles/{cycle.id}/emails/{kind}?lang=it")
        assert "Ciao Hana," in italian.get_data(as_text=True)
        frame = hr.get(f"/assessment/cycles/{cycle.id}/emails/{kind}/html?lang=it")
        assert frame.headers["Content-Security-Policy"].startswith("sandbox")
        assert '<html lang="it">' in frame.get_data(as_text=True)
    assert hr.get(f"/assessment/cycles/{cycle.id}/emails/other").status_code == 404
    assert db.session.scalar(select(Delivery.id)) is None  # a preview sends nothing
