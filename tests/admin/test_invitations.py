"""Invitations and password resets: signed, time-limited, single-use emailed links."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select
from werkzeug.security import check_password_hash

from academy.auth.links import INVITATION, PASSWORD_RESET, make_token
from academy.extensions import db
from academy.models import AuditEvent
from tests import factories
from tests.admin.helpers import link_in, outbox, text_of
from tests.conftest import login

NEW_PASSWORD = "a long and new passphrase"


def choose(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm": password})


def invite(admin, person):
    return admin.post(f"/admin/users/{person.id}/invite")


def test_invited_person_sets_a_password_and_logs_in(app, admin):
    person = factories.user(password=None, given_name="Nina", email="nina@example.com")
    response = invite(admin, person)
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "An invitation has been sent to nina@example.com." in page

    [message] = outbox(app)
    assert message["To"] == "nina@example.com"
    assert message["Subject"] == "Your invitation to the Customer Culture Academy"
    body = text_of(message)
    assert f"{admin.user.name} has invited you" in body
    assert "expires in 72 hours" in body
    assert message.get_body(("html",)) is not None

    client = app.test_client()
    path = link_in(message)
    assert path.startswith("/auth/invitation/")
    form = client.get(path)
    assert form.status_code == 200
    assert "Welcome, Nina" in form.get_data(as_text=True)
    assert client.get(path).status_code == 200  # looking at the link does not use it up

    done = choose(client, path)
    assert done.headers["Location"] == "/auth/login"
    assert login(client, person, NEW_PASSWORD).status_code == 302

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.invited"))
    assert (event.actor_id, event.target_id) == (admin.user.id, str(person.id))


def test_invitation_link_works_only_once(app, admin):
    person = factories.user(password=None)
    invite(admin, person)
    path = link_in(outbox(app)[-1])
    client = app.test_client()
    assert choose(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410
    assert "This link has already been used." in again.get_data(as_text=True)
    assert choose(client, path, "someone else's password").status_code == 410
    assert login(app.test_client(), person, NEW_PASSWORD).status_code == 302


def token_issued_hours_ago(person, purpose: str, hours: float, monkeypatch) -> str:
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - hours * 3600))
        return make_token(person, purpose)


def test_expired_invitation_is_refused(app, monkeypatch):
    person = factories.user(password=None)
    token = token_issued_hours_ago(person, INVITATION, 73, monkeypatch)  # default lifetime: 72
    response = app.test_client().get(f"/auth/invitation/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "This link has expired." in html
    assert 'href="/auth/forgot-password"' in html
    fresh = token_issued_hours_ago(person, INVITATION, 71, monkeypatch)
    assert app.test_client().get(f"/auth/invitation/{fresh}").status_code == 200


def test_expired_reset_link_is_refused(app, monkeypatch):
    person = factories.user()
    token = token_issued_hours_ago(person, PASSWORD_RESET, 3, monkeypatch)  # default: 2 hours
    client = app.test_client()
    assert client.get(f"/auth/reset-password/{token}").status_code == 410
    assert choose(client, f"/auth/reset-password/{token}").status_code == 410
    assert login(app.test_client(), person).status_code == 302  # password unchanged


def test_lifetime_comes_from_the_configuration(app_factory, monkeypatch):
    app = app_factory(INVITATION_MAX_AGE_HOURS=1)
    admin = app.test_client()
    login(admin, factories.user("admin"))
    person = factories.user(password=None)
    admin.post(f"/admin/users/{person.id}/invite")
    assert "expires in 1 hour." in text_of(outbox(app)[-1])
    token = token_issued_hours_ago(person, INVITATION, 1.1, monkeypatch)
    assert app.test_client().get(f"/auth/invitation/{token}").status_code == 410


@pytest.mark.parametrize("mangle", [lambda p: p[:-3] + "abc", lambda p: p + "x"])
def test_tampered_link_is_refused(app, admin, mangle):
    person = factories.user(password=None)
    invite(admin, person)
    response = app.test_client().get(mangle(link_in(outbox(app)[-1])))
    assert response.status_code == 400
    assert "This link is not valid." in response.get_data(as_text=True)


def test_invitation_is_not_a_password_reset_link(app, admin):
    person = factories.user(password=None)
    invite(admin, person)
    token = link_in(outbox(app)[-1]).rsplit("/", 1)[1]
    assert app.test_client().get(f"/auth/reset-password/{token}").status_code == 400


def test_deactivation_voids_the_link(app, admin):
    person = factories.user(password=None)
    invite(admin, person)
    admin.post(f"/admin/users/{person.id}/deactivate")
    response = app.test_client().get(link_in(outbox(app)[-1]))
    assert response.status_code == 400


def test_people_with_a_password_get_a_reset_link_not_an_invitation(app, admin):
    person = factories.user()
    page = admin.post(f"/admin/users/{person.id}/invite", follow_redirects=True)
    assert "has already set a password" in page.get_data(as_text=True)
    assert outbox(app) == []
    admin.post(f"/admin/users/{person.id}/password-link")
    [message] = outbox(app)
    assert link_in(message).startswith("/auth/reset-password/")


def test_invitation_is_written_in_the_persons_language(app, admin):
    person = factories.user(password=None, language="it", given_name="Paola")
    invite(admin, person)
    [message] = outbox(app)
    assert message["Subject"] == "Il tuo invito alla Customer Culture Academy"
    assert text_of(message).startswith("Ciao Paola,")


# --- forgot password ---------------------------------------------------------------


def forgot(client, email: str, **kw):
    client.get("/auth/forgot-password")  # as a browser does: the form first
    # buffered: the email is sent once the response has been delivered.
    return client.post("/auth/forgot-password", data={"email": email}, buffered=True, **kw)


def test_login_page_links_to_forgot_password(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot-password">Forgot your password?' in page


def test_forgot_password_answers_the_same_for_unknown_addresses(app):
    person = factories.user(email="real@example.com")
    known = forgot(app.test_client(), "real@example.com")
    unknown = forgot(app.test_client(), "ghost@example.com")
    assert (known.status_code, known.headers["Location"]) == (302, "/auth/login")
    assert (unknown.status_code, unknown.headers["Location"]) == (302, "/auth/login")
    [message] = outbox(app)
    assert message["To"] == person.email
    assert message["Subject"] == "Reset your Customer Culture Academy password"


def test_flash_is_identical_whatever_the_address(app):
    factories.user(email="real@example.com")
    pages = []
    for email in ("real@example.com", "ghost@example.com"):
        client = app.test_client()
        forgot(client, email)
        html = client.get("/auth/login").get_data(as_text=True)
        pages.append(
            re.search(r'<p class="flash[^>]*>(.*?)</p>', html).group(1).replace(email, "X")
        )
    assert pages[0] == pages[1]
    assert "a link to choose a new password is on its way" in pages[0]


def test_links_use_the_public_url_not_the_request_host(app_factory):
    app = app_factory(PUBLIC_URL="https://academy.example.com/")
    factories.user(email="hosted@example.com")
    forgot(app.test_client(), "hosted@example.com", headers={"Host": "evil.example"})
    text = text_of(outbox(app)[-1])
    assert "https://academy.example.com/auth/reset-password/" in text
    assert "evil.example" not in text


def test_deactivated_people_get_no_reset_email(app):
    factories.user(email="gone@example.com", active=False)
    assert forgot(app.test_client(), "gone@example.com").status_code == 302
    assert outbox(app) == []


def test_reset_link_changes_the_password_and_ends_other_sessions(app):
    person = factories.user(email="reset@example.com")
    elsewhere = app.test_client()
    login(elsewhere, person)
    forgot(app.test_client(), "reset@example.com")
    path = link_in(outbox(app)[-1])
    client = app.test_client()
    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    assert choose(client, path).headers["Location"] == "/auth/login"
    assert elsewhere.get("/").status_code == 302
    assert login(app.test_client(), person).status_code == 422  # the old password is gone
    assert login(app.test_client(), person, NEW_PASSWORD).status_code == 302
    assert client.get(path).status_code == 410


def test_reset_form_validates_and_keeps_the_link_usable(app):
    factories.user(email="typo@example.com")
    forgot(app.test_client(), "typo@example.com")
    path = link_in(outbox(app)[-1])
    client = app.test_client()
    response = client.post(path, data={"new_password": "short", "confirm": "different"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Use between 12 and 200 characters." in html
    assert "The two passwords do not match." in html
    assert choose(client, path).status_code == 302


def test_forgot_password_is_rate_limited(app_factory):
    app = app_factory(PASSWORD_RESET_LIMIT_ACCOUNT="2 per hour")
    factories.user(email="limited@example.com")
    client = app.test_client()
    codes = [forgot(client, "limited@example.com").status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(outbox(app)) == 2
    # The limit is per address typed, whether or not it has an account.
    assert forgot(client, "other@example.com").status_code == 302


def test_forgot_password_is_rate_limited_per_client_address(app_factory):
    app = app_factory(PASSWORD_RESET_LIMIT_ADDRESS="3 per hour")
    client = app.test_client()
    codes = [forgot(client, f"n{n}@example.com").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_choosing_a_password_needs_the_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    admin_user = factories.user("admin")
    person = factories.user(password=None)
    from academy.auth import emails
    from academy.auth.password_links import invitation_link

    with app.test_request_context():
        message = emails.invitation(person, invitation_link, admin_user)
    path = re.sub(r"^https?://[^/]+", "", message.links()[0])
    client = app.test_client()
    refused = choose(client, path)
    assert refused.status_code == 303  # sent back to the form, nothing saved
    assert refused.headers["Location"] == path
    db.session.refresh(person)
    assert person.password_hash is None
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    accepted = client.post(
        path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert accepted.headers["Location"] == "/auth/login"
    db.session.refresh(person)
    assert check_password_hash(person.password_hash, NEW_PASSWORD)


def test_forgot_password_does_the_same_work_for_any_address(app):
    """Known and unknown addresses cost the request the same: one queued job, looked up
    later. (With a worker, the email is sent outside the request altogether.)"""
    from academy.models import Job

    factories.user(email="known@example.com")
    for email in ("known@example.com", "unknown@example.com"):
        forgot(app.test_client(), email)
    jobs = db.session.scalars(select(Job).order_by(Job.id)).all()
    assert [(j.name, j.args) for j in jobs] == [
        ("auth.password_reset", {"email": "known@example.com"}),
        ("auth.password_reset", {"email": "unknown@example.com"}),
    ]
    assert len(outbox(app)) == 1  # only the real account got an email
