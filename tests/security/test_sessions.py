"""Sessions end on the server: logout, idle and absolute timeouts, password change,
deactivation, and ending them from another session. A replayed cookie is worth nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from academy.auth.sessions import purge
from academy.extensions import db
from academy.models import WebSession
from tests import factories
from tests.conftest import login


def _logged_in(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    assert client.get("/").status_code == 200
    return client


def _replay(app, cookie_value: str):
    """Another browser sending the same session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie_value)
    return other


def _at(minutes: float):
    return time_machine.travel(datetime.now(UTC) + timedelta(minutes=minutes), tick=False)


def test_logout_ends_the_session_on_the_server(app):
    user = factories.user()
    client = _logged_in(app, user)
    stolen = client.get_cookie("session").value
    assert _replay(app, stolen).get("/").status_code == 200
    client.post("/auth/logout")
    assert client.get("/").status_code == 302
    # The cookie captured before logging out opens nothing any more.
    response = _replay(app, stolen).get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_idle_timeout_and_absolute_lifetime(app_factory):
    app = app_factory(SESSION_IDLE_MINUTES=30)
    user = factories.user()
    client = _logged_in(app, user)
    with _at(20):
        assert client.get("/").status_code == 200  # used: the idle clock restarts
    with _at(45):
        assert client.get("/").status_code == 200  # 25 minutes after the last use
    with _at(80):
        assert client.get("/").status_code == 302  # 35 minutes idle: ended
    fresh = _logged_in(app, user)
    # Used every 20 minutes, a session still ends 10 hours after it began.
    for minutes in range(20, 600, 20):
        with _at(minutes):
            assert fresh.get("/").status_code == 200, minutes
    with _at(605):
        assert fresh.get("/").status_code == 302


def test_password_change_ends_every_other_session(app):
    user = factories.user()
    laptop, phone = _logged_in(app, user), _logged_in(app, user)
    response = laptop.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_deactivation_ends_every_session_at_once(app, as_role):
    admin = as_role("admin")
    user = factories.user()
    client = _logged_in(app, user)
    admin.post(f"/admin/users/{user.id}/deactivate")
    assert client.get("/").status_code == 302
    live = select(WebSession).where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
    assert db.session.scalars(live).all() == []


def test_people_see_their_sessions_and_end_the_others(app):
    user = factories.user()
    laptop, phone, tablet = (_logged_in(app, user) for _ in range(3))
    page = laptop.get("/account/").get_data(as_text=True)
    assert page.count("End this session") == 2
    assert "this session" in page
    ids = [int(i) for i in re.findall(r"/account/sessions/(\d+)/end", page)]
    laptop.post(f"/account/sessions/{ids[0]}/end")
    alive = [c.get("/").status_code for c in (phone, tablet)]
    assert sorted(alive) == [200, 302]
    laptop.post("/account/sessions/end-others")
    assert phone.get("/").status_code == 302
    assert tablet.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    # Nobody ends another person's session.
    other = _logged_in(app, factories.user())
    other_row = db.session.scalar(
        select(WebSession.id).where(WebSession.revoked_at.is_(None), WebSession.user_id != user.id)
    )
    laptop.post(f"/account/sessions/{other_row}/end")
    assert other.get("/").status_code == 200


def test_ended_and_idle_anonymous_sessions_are_purged(app):
    user = factories.user()
    client = _logged_in(app, user)
    client.post("/auth/logout")
    app.test_client().get("/auth/login")  # an anonymous visitor's session
    assert db.session.scalar(select(db.func.count()).select_from(WebSession)) == 3
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2)
    assert purge(later) == 3
    db.session.commit()
