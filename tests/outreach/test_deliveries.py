"""Sending a batch: once each, over one connection, retried when the server is down,
never twice after a worker died mid-send. Real SMTP (aiosmtpd on loopback)."""

from __future__ import annotations

from sqlalchemy import select

from academy import jobs
from academy.extensions import db
from academy.mail import compose
from academy.models import Delivery, DeliveryStatus, Job, JobStatus
from academy.outreach import Planned, composer, counts, plan, send_planned
from tests import factories
from tests.mailserver import Inbox, free_port, plain_text


@composer("test-note")
def _note(person, args, memo):
    return compose(
        person.email,
        person.language,
        subject=lambda: "A note",
        paragraphs=[lambda: f"Hello {person.given_name}, note {args['n']}."],
    )


def _smtp_app(app_factory, controller, **extra):
    return app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, **extra)


def _plan_and_queue(people, batch="test:1"):
    plan(
        batch,
        "test-note",
        [Planned(f"{batch}:{p.id}", p.id, {"n": i}) for i, p in enumerate(people)],
    )
    job = send_planned(batch)
    db.session.commit()  # dispatched now (JOBS_URL=immediate runs it here)
    db.session.refresh(job)
    return job


class CountingInbox(Inbox):
    """An inbox that also counts SMTP connections (one EHLO each)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.count += 1
        session.host_name = hostname
        return responses


def test_a_batch_goes_out_once_each_over_few_connections(app_factory):
    from aiosmtpd.controller import Controller

    inbox = CountingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app = _smtp_app(app_factory, controller, MAIL_MESSAGES_PER_CONNECTION=100)
        people = [factories.user() for _ in range(120)]
        job = _plan_and_queue(people)
        assert job.status is JobStatus.DONE
        assert sorted(inbox.recipients()) == sorted(p.email for p in people)
        assert inbox.count == 2  # 100 per connection
        # Planning and sending the same batch again sends nothing more.
        _plan_and_queue(people)
        assert len(inbox.recipients()) == 120
        assert counts("test:1")["sent"] == 120
        assert app.config["MAIL_MESSAGES_PER_CONNECTION"] == 100
    finally:
        controller.stop()


def test_a_server_that_is_down_means_retry_later_and_nothing_twice(app_factory, smtp_server):
    controller, inbox = smtp_server
    _smtp_app(app_factory, controller, JOB_RETRY_DELAY=30)
    people = [factories.user() for _ in range(5)]
    inbox.busy = "451 4.3.0 Try again later"
    job = _plan_and_queue(people)
    assert job.status is JobStatus.QUEUED
    assert "451" in job.error
    assert job.run_after is not None
    assert inbox.recipients() == []
    assert counts("test:1")["pending"] == 5

    inbox.busy = None
    db.session.execute(Job.__table__.update().values(run_after=None))
    db.session.commit()
    jobs.run_now(job.id)
    db.session.refresh(job)
    assert job.status is JobStatus.DONE
    assert sorted(inbox.recipients()) == sorted(p.email for p in people)


def test_a_refused_address_fails_alone_and_says_why(app_factory, smtp_server):
    controller, inbox = smtp_server
    _smtp_app(app_factory, controller)
    people = [factories.user() for _ in range(3)]
    inbox.refuse[people[1].email] = "550 5.1.1 No such user"
    job = _plan_and_queue(people)
    assert job.status is JobStatus.DONE
    assert sorted(inbox.recipients()) == sorted([people[0].email, people[2].email])
    failed = db.session.scalar(select(Delivery).where(Delivery.status == DeliveryStatus.FAILED))
    assert failed.user_id == people[1].id
    assert "No such user" in failed.reason


def test_a_message_a_dead_worker_was_sending_is_never_sent_again(app_factory, smtp_server):
    controller, inbox = smtp_server
    _smtp_app(app_factory, controller)
    people = [factories.user() for _ in range(4)]
    plan("test:1", "test-note", [Planned(f"test:1:{p.id}", p.id, {"n": 0}) for p in people])
    db.session.commit()
    # As a worker killed between handing a message over and recording it leaves things.
    db.session.execute(
        Delivery.__table__.update()
        .where(Delivery.user_id == people[0].id)
        .values(status=DeliveryStatus.SENDING)
    )
    db.session.commit()
    send_planned("test:1")
    db.session.commit()
    assert sorted(inbox.recipients()) == sorted(p.email for p in people[1:])
    uncertain = db.session.scalar(
        select(Delivery).where(Delivery.status == DeliveryStatus.UNCERTAIN)
    )
    assert uncertain.user_id == people[0].id


def test_deactivated_people_are_skipped_at_sending_time(app_factory, smtp_server):
    controller, inbox = smtp_server
    _smtp_app(app_factory, controller)
    people = [factories.user() for _ in range(2)]
    plan("test:1", "test-note", [Planned(f"test:1:{p.id}", p.id, {"n": 0}) for p in people])
    db.session.commit()
    people[0].active = False
    db.session.commit()
    send_planned("test:1")
    db.session.commit()
    assert inbox.recipients() == [people[1].email]
    assert counts("test:1")["skipped"] == 1
    assert "note 0" in plain_text(inbox.messages()[0])
