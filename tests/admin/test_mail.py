"""Email delivery: a real SMTP server on loopback, and the development outbox."""

from __future__ import annotations

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from academy.extensions import db
from academy.models import AuditEvent
from tests import factories
from tests.admin.helpers import link_in, outbox
from tests.conftest import login
from tests.mailserver import Inbox, free_port


def admin_client(app):
    client = app.test_client()
    user = factories.user("admin", given_name="Ada", family_name="Lovelace")
    login(client, user)
    return client


def test_invitation_goes_through_smtp_and_its_link_works(app_factory, smtp_server):
    controller, inbox = smtp_server
    app = app_factory(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_DEFAULT_SENDER="hr@example.com"
    )
    admin = admin_client(app)
    person = factories.user(password=None, email="smtp.person@example.com")
    admin.post(f"/admin/users/{person.id}/invite")

    [envelope] = inbox.envelopes
    assert envelope.mail_from == "hr@example.com"
    assert envelope.rcpt_tos == ["smtp.person@example.com"]
    [message] = inbox.messages()
    assert message["Subject"] == "Your invitation to the Customer Culture Academy"
    assert "Ada Lovelace has invited you" in message.get_body(("plain",)).get_content()
    assert outbox(app) == []  # with a server configured, nothing goes to the outbox

    client = app.test_client()
    path = link_in(message)
    password = "chosen over smtp link"
    client.post(path, data={"new_password": password, "confirm": password})
    assert login(app.test_client(), person, password).status_code == 302


def test_smtp_login_uses_the_configured_credentials(app_factory):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        app = app_factory(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=controller.port,
            MAIL_USERNAME="academy",
            MAIL_PASSWORD="s3cret",
        )
        factories.user(email="auth@example.com")
        app.test_client().post(
            "/auth/forgot-password", data={"email": "auth@example.com"}, buffered=True
        )
    finally:
        controller.stop()
    assert seen == [(b"academy", b"s3cret")]
    assert len(inbox.envelopes) == 1


def test_unreachable_mail_server_is_reported_and_nothing_recorded(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    admin = admin_client(app)
    person = factories.user(password=None)
    page = admin.post(f"/admin/users/{person.id}/invite", follow_redirects=True)
    assert "The email could not be sent" in page.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.invited")) is None


def test_without_a_server_mail_is_written_to_the_outbox_and_logged(app, admin, caplog):
    caplog.set_level(logging.INFO, logger="academy")
    person = factories.user(password=None, email="outbox@example.com")
    admin.post(f"/admin/users/{person.id}/invite")
    [message] = outbox(app)
    assert message["To"] == "outbox@example.com"
    link = link_in(message)
    logged = [r.getMessage() for r in caplog.records if "outbox@example.com" in r.getMessage()]
    assert len(logged) == 1
    assert link in logged[0]
    assert app.config["MAIL_OUTBOX_DIR"] in logged[0]


def test_reset_email_failure_is_logged_not_shown(app_factory, caplog):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    factories.user(email="nomail@example.com")
    response = app.test_client().post(
        "/auth/forgot-password", data={"email": "nomail@example.com"}, buffered=True
    )
    # The person sees the usual answer; the failure is in the log for the administrator.
    assert response.status_code == 302
    assert any(
        "nomail@example.com" in r.getMessage() and r.levelno == logging.ERROR
        for r in caplog.records
    )
