"""An expired form token or login never costs the person their answers, and kept
answers are the person's own: never readable in a cookie, never shown to anyone else."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from academy.extensions import db
from academy.models import FormStash, SealedResponse
from tests import factories
from tests.assess.conftest import form_data, make_cycle
from tests.conftest import login

Response = SealedResponse  # answers of an open cycle are stored sealed


def _later(minutes: int):
    """The clock, `minutes` from now: past the idle timeout, a login has expired."""
    return time_machine.travel(datetime.now(UTC) + timedelta(minutes=minutes), tick=False)


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
    assert response.status_code == 303
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
    with _later(45):  # the login expired (idle) while the person was answering
        response = client.post("/assessment/", data=data)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=/assessment/")
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Your session expired" in page
        # Nothing typed is readable in a cookie: the browser holds only a random key.
        for cookie in ("session", "form_key"):
            value = client.get_cookie(cookie).value
            assert "Customers wait" not in value
            assert len(value) < 64
        # On the server it is sealed with that key.
        kept = db.session.scalar(select(FormStash))
        assert kept.user_id == person.id
        assert b"Customers wait" not in kept.sealed
        response = login(client, person, next="/assessment/")
        assert response.headers["Location"] == "/assessment/"
        _assert_restored(client.get("/assessment/").get_data(as_text=True), data, assessment)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert db.session.scalar(select(func.count()).select_from(FormStash)) == 0


def test_kept_answers_are_never_handed_to_another_account(app, client, cycle, assessment):
    """A shared browser: the first person's login expires mid-form; someone else logs in
    on the same browser. They must not see, or submit, the first person's answers."""
    first, second = factories.user(), factories.user("hr")
    login(client, first)
    client.get("/assessment/")
    data = _filled(assessment, cycle)
    with _later(45):
        client.post("/assessment/", data=data)
        login(client, second, next="/assessment/")
        page = client.get("/assessment/").get_data(as_text=True)
        assert "Customers wait too long" not in page
        assert "Your answers have been kept" not in page
        assert " checked " not in page.replace("checked id", "")
        # The first person, back on this browser, finds their answers again.
        client.post("/auth/logout")
        login(client, first, next="/assessment/")
        _assert_restored(client.get("/assessment/").get_data(as_text=True), data, assessment)


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

    with _later(45):
        response = client.post("/assessment/", data=data)
        assert response.status_code in (302, 303)
        # Back to the form, which sends the logged-out person to log in first.
        if not response.headers["Location"].startswith("/auth/login"):
            response = client.get(response.headers["Location"])
        assert response.headers["Location"].startswith("/auth/login?next=/assessment/")
        token = _token(client.get(response.headers["Location"]).get_data(as_text=True))
        login(client, person, csrf_token=token, next="/assessment/")
        _assert_restored(client.get("/assessment/").get_data(as_text=True), data, assessment)


def test_a_login_that_was_never_there_keeps_nothing(app, client, cycle, assessment):
    """No session at all (a form posted from elsewhere): nothing is kept for anyone."""
    person = factories.user()
    response = client.post("/assessment/", data=_filled(assessment, cycle))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(FormStash)) == 0
    assert client.get_cookie("session") is None
    login(client, person, next="/assessment/")
    assert "Your answers have been kept" not in client.get("/assessment/").get_data(as_text=True)
