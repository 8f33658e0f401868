"""In a real browser: kept answers belong to the person who typed them, and a page on
another site can neither post into the Academy nor end the visitor's session."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select, update

from academy.extensions import db
from academy.models import FormStash, User, WebSession, utcnow

pytestmark = pytest.mark.usefixtures("open_cycle_id")


def _expire_sessions_of(app, email: str) -> None:
    """The person stepped away: their login is past the idle timeout."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        db.session.execute(
            update(WebSession)
            .where(WebSession.user_id == user_id)
            .values(last_seen_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()


def _fill_some(page) -> None:
    page.locator("input[type=radio][value='2']").nth(0).check()
    page.locator("input[type=radio][value='5']").nth(3).check()
    page.locator("input[type=radio][value='dont_know']").nth(5).check()
    page.get_by_label("Is there anything else").fill("Only I may ever see this comment")


def test_kept_answers_never_reach_another_account_on_a_shared_browser(visit, live_app, make_person):
    first, second = make_person(), make_person("hr")
    page = visit.page
    visit.login(first)
    visit.goto("/assessment/")
    _fill_some(page)
    _expire_sessions_of(live_app, first)
    visit.navigate(lambda: page.get_by_role("button", name="Submit my answers").click())
    assert "/auth/login" in page.url
    assert "Your answers have been kept" in page.content()
    for cookie in page.context.cookies():
        assert "Only I may" not in cookie["value"]

    # Someone else logs in on the same browser: nothing of the first person's.
    visit.login(second)
    visit.goto("/assessment/")
    html = page.content()
    assert "Only I may ever see this comment" not in html
    assert "Your answers have been kept" not in html
    assert page.locator("input[type=radio]:checked").count() == 0
    page.locator(".user-menu summary").click()
    visit.navigate(lambda: page.get_by_role("button", name="Log out").click())

    # The first person, back: their answers are there.
    visit.login(first)
    visit.goto("/assessment/")
    assert "Your answers have been kept" in page.content()
    assert page.locator("input[type=radio]:checked").count() == 3
    assert page.get_by_label("Is there anything else").input_value() == (
        "Only I may ever see this comment"
    )
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FormStash)) == 0


class _Attacker(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        body = f"""<!doctype html><html lang="en"><title>Win a prize</title><body>
<form id="f" method="post" action="{self.target}/admin/users/new">
<input name="email" value="mallory@evil.example"><input name="given_name" value="Mallory">
<input name="roles" value="admin"></form>
<script>document.getElementById("f").submit()</script></body></html>"""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args: object) -> None:
        return


def test_a_page_on_another_site_cannot_post_or_log_the_admin_out(
    visit, live_app, live_server, make_person
):
    admin = make_person("admin")
    visit.login(admin)
    visit.goto("/admin/users")
    # "localhost" is another site than "127.0.0.1" for the browser.
    _Attacker.target = live_server.url
    evil = ThreadingHTTPServer(("localhost", 0), _Attacker)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        attacker_page = visit.page.context.new_page()
        with attacker_page.expect_navigation(url=f"{live_server.url}/admin/users/new"):
            attacker_page.goto(f"http://localhost:{evil.server_port}/")
        attacker_page.close()
    finally:
        evil.shutdown()
    with live_app.app_context():
        assert User.by_email("mallory@evil.example") is None
    # Still logged in, and the form is not pre-filled.
    visit.goto("/admin/users/new")
    assert "/auth/login" not in visit.page.url
    html = visit.page.content()
    assert "mallory@evil.example" not in html
    assert visit.page.locator("input[name=roles]:checked").count() == 0
