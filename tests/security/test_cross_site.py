"""A page on another site posting to the Academy changes nothing, keeps nothing, and does
not end or replace the visitor's own session.

The attack of the security review: a page auto-posts to /admin/users/new with the
attacker's email and the admin role. It used to log the admin out, keep the fields and
show the admin "Add a person" pre-filled, Administrator ticked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from academy.content import get_catalog
from academy.extensions import db
from academy.models import Cycle, FormStash, SealedResponse, User
from tests import factories
from tests.conftest import login
from tests.cycles import ASSESSMENT_ID, form_data, make_cycle

ATTACKER = "mallory@evil.example"
CROSS_SITE = (
    {"Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "null"},  # a sandboxed frame or a data: page
)


def _stashes() -> int:
    return db.session.scalar(select(func.count()).select_from(FormStash))


def _cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


@pytest.fixture
def admin_client(app):
    client = app.test_client()
    client.user = factories.user("admin")
    login(client, client.user)
    return client


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_cross_site_post_to_add_a_person_is_refused_and_changes_nothing(admin_client, headers):
    before = _cookie(admin_client)
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": ATTACKER,
            "given_name": "Mallory",
            "family_name": "Evil",
            "department": str(admin_client.user.department_id),
            "roles": "admin",
        },
        headers=headers,
    )
    assert response.status_code == 403
    assert "set-cookie" not in {k.lower() for k, _v in response.headers}
    assert User.by_email(ATTACKER) is None
    assert _stashes() == 0
    # The administrator is still logged in, with the same session, and the form is empty.
    assert _cookie(admin_client) == before
    page = admin_client.get("/admin/users/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ATTACKER not in html
    assert "checked" not in html.split('name="roles"', 1)[-1].split("</fieldset>", 1)[0]


def test_a_cookieless_cross_site_post_cannot_replace_the_session(app, admin_client):
    """Browsers send no SameSite=Lax cookie on a cross-site POST. Without the Origin
    headers (an old browser), the request reaches the app with no session: it must not
    answer with a new session cookie, which would replace (end) the real one."""
    stranger = app.test_client()  # the same browser as seen by the app: no cookie sent
    response = stranger.post(
        "/admin/users/new", data={"email": ATTACKER, "roles": "admin", "given_name": "M"}
    )
    assert response.status_code in (302, 400)
    assert "set-cookie" not in {k.lower() for k, _v in response.headers}
    assert User.by_email(ATTACKER) is None
    assert _stashes() == 0
    assert admin_client.get("/admin/users").status_code == 200


def test_cross_site_posts_to_hr_and_assessment_forms_are_refused(app, as_role):
    hr = as_role("hr")
    response = hr.post(
        "/assessment/cycles",
        data={
            "assessment_id": ASSESSMENT_ID,
            "name": "Planted",
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
        },
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0

    cycle = make_cycle(hr.user)
    employee = as_role()
    assessment = get_catalog().assessment(ASSESSMENT_ID)
    response = employee.post(
        "/assessment/",
        data=form_data(assessment, cycle, "1", comment="planted"),
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(SealedResponse)) == 0
    assert _stashes() == 0
    assert "Answer the assessment" in employee.get("/").get_data(as_text=True)


def test_same_site_posts_still_work(admin_client, app):
    dept = factories.department("Sales")
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": "new.person@example.com",
            "given_name": "New",
            "family_name": "Person",
            "department": str(dept.id),
            "language": "",
        },
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code in (302, 303)
    assert User.by_email("new.person@example.com") is not None
