"""An expired form token or login never costs the person their answers."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import Response
from tests import factories
from tests.assess.conftest import form_data, make_cycle
from tests.conftest import login


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _filled(assessment, cycle) -> dict:
    """Varied answers, one item left out, and a comment: all of it must come back."""
    data = form_data(assessment, cycle, comment="Customers wait too long")
    values = ["1", "2", "3", "4", "5", "dont_know"]
    for n, item in enumerate(assessment.items):
        data["item-" + item.id] = values[n % len(values)]
    del data["item-" + assessment.items[-1].id]
    return data


def _assert_restored(page: str, data: dict, assessment) -> None:
    checked = dict(
        re.findall(r'<input checked id="[^"]+" name="(item-[^"]+)"[^>]* value="([^"]+)"', page)
    )
    expected = {k: v for k, v in data.items() if k.startswith("item-")}
    assert checked == expected
    assert len(checked) == len(assessment.items) - 1
    assert "Customers wait too long</textarea>" in page
    assert "Your answers have been kept. Check them and submit again." in page
    assert f"<span data-answered-count>{len(expected)}</span>" in page


def test_expired_csrf_token_keeps_every_answer(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    hr = factories.user("hr")
    cycle = make_cycle(hr)
    from academy.content import get_catalog

    assessment = get_catalog().assessment(cycle.assessment_id)
    person = factories.user()
    client = app.test_client()
    token = _token(client.get("/auth/login").get_data(as_text=True))
    login(client, person, csrf_token=token)
    page = client.get("/assessment/").get_data(as_text=True)
    assert _token(page)

    data = _filled(assessment, cycle)
    data["csrf_token"] = "expired-or-forged"
    response = client.post("/assessment/", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/assessment/"
    page = client.get("/assessment/").get_data(as_text=True)
    assert "This form expired. Your answers have been kept" in page
    _assert_restored(page, data, assessment)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    # Submitting again with a fresh token and the last item answered works.
    data["csrf_token"] = _token(page)
    data["item-" + assessment.items[-1].id] = "4"
    assert client.post("/assessment/", data=data).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_expired_login_keeps_every_answer(app, client, cycle, assessment):
    person = factories.user()
    login(client, person)
    client.get("/assessment/")
    data = _filled(assessment, cycle)
    client.delete_cookie("session")  # the login expired while the person was answering

    response = client.post("/assessment/", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=/assessment/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session expired" in page
    response = login(client, person, next="/assessment/")
    assert response.headers["Location"] == "/assessment/"
    _assert_restored(client.get("/assessment/").get_data(as_text=True), data, assessment)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_expired_login_with_csrf_on_keeps_every_answer(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    cycle = make_cycle(factories.user("hr"))
    from academy.content import get_catalog

    assessment = get_catalog().assessment(cycle.assessment_id)
    person = factories.user()
    client = app.test_client()
    login(client, person, csrf_token=_token(client.get("/auth/login").get_data(as_text=True)))
    data = _filled(assessment, cycle)
    data["csrf_token"] = _token(client.get("/assessment/").get_data(as_text=True))
    client.delete_cookie("session")

    response = client.post("/assessment/", data=data)
    assert response.status_code == 302
    # Back to the form, which sends the logged-out person to log in first.
    response = client.get(response.headers["Location"])
    assert response.headers["Location"].startswith("/auth/login?next=/assessment/")
    token = _token(client.get(response.headers["Location"]).get_data(as_text=True))
    login(client, person, csrf_token=token, next="/assessment/")
    _assert_restored(client.get("/assessment/").get_data(as_text=True), data, assessment)
