"""Real Chromium against the app served on 127.0.0.1 with its own database.

Every page a test visits is checked with axe (serious or critical violations fail),
and a test fails if a page requests anything off 127.0.0.1 or logs a console error.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from academy import create_app
from academy.extensions import db
from academy.people import create_user, get_or_create_department

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "browser test passphrase"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1") -> None:
        self.app = app
        self.server = make_server(host, 0, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    base = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'browser.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_OUTBOX_DIR": str(base / "outbox"),
            "LOGIN_LIMIT_ADDRESS": "1000 per minute",
            "LOGIN_LIMIT_ACCOUNT": "1000 per minute",
        }
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def make_person(live_app):
    """Create a person in the live app's database: make_person("hr", language="it")."""
    counter = iter(range(1, 10_000))

    def make(*roles: str, department: str = "Customer Service", **kw):
        with live_app.app_context():
            dept = get_or_create_department(department)
            n = next(counter)
            email = (
                kw.pop("email", None)
                or f"{'-'.join(roles) or 'employee'}{n}.{os.urandom(3).hex()}@example.com"
            )
            user = create_user(
                email=email,
                given_name=kw.pop("given_name", "Giulia"),
                family_name=kw.pop("family_name", "Verdi"),
                department=dept,
                roles=set(roles),
                password=PASSWORD,
                **kw,
            )
            db.session.commit()
            return user.email

    return make


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page wrapper that audits every page it lands on."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self.unaudited: list[str] = []
        self.axe = Axe()
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        page.on("framenavigated", self._on_navigated)

    def _on_request(self, request) -> None:
        url = request.url
        if not (url.startswith(self.base_url) or url.startswith(("data:", "about:", "blob:"))):
            self.problems.append(f"request outside 127.0.0.1: {url}")

    def _on_console(self, message) -> None:
        # A page answered with an error status (a form re-shown with 422, a 403 page) is
        # logged by Chromium as a failed load of the document itself: expected, not a fault.
        # A failed stylesheet, script or image still fails the test.
        document_status = message.text.startswith("Failed to load resource") and (
            message.location.get("url") == self.page.url
        )
        if message.type == "error" and not document_status:
            self.problems.append(f"console error: {message.text}")

    def _on_navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.unaudited.append(frame.url)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.audit()

    def audit(self) -> None:
        """Run axe on the current page; serious or critical violations fail the test."""
        self.page.wait_for_load_state()
        results = self.axe.run(self.page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        self.unaudited.clear()
        assert not bad, f"accessibility violations on {self.page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in bad
        )
        assert not self.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        ), f"horizontal scrolling on {self.page.url}"

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.goto("/auth/login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.navigate(lambda: self.page.get_by_role("button", name="Log in").click())

    def navigate(self, action) -> None:
        """Do something that loads a new page (a click, a submit), wait for it, audit it."""
        with self.page.expect_navigation():
            action()
        self.audit()

    def finish(self) -> None:
        assert not self.problems, "\n".join(self.problems)
        assert not self.unaudited, f"pages visited without an accessibility check: {self.unaudited}"


def _visit(browser, live_server, viewport) -> Iterator[Visit]:
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    visit = Visit(page, live_server.url)
    try:
        yield visit
        visit.finish()
    finally:
        context.close()


@pytest.fixture
def visit(browser, live_server) -> Iterator[Visit]:
    yield from _visit(browser, live_server, DESKTOP)


@pytest.fixture(params=["desktop", "phone"])
def any_visit(request, browser, live_server) -> Iterator[Visit]:
    """The same journey at desktop size and at a 390×844 phone viewport."""
    yield from _visit(browser, live_server, DESKTOP if request.param == "desktop" else PHONE)


# ----------------------------------------------------------------- assessment cycles
# The live app's database lasts the whole session, and one cycle per assessment can be
# open at a time: tests ask for the state they need instead of assuming what ran before.

ASSESSMENT_ID = "customer-culture"


def close_open_cycle(app) -> None:
    """Close the open customer-culture cycle, if any, the way HR would."""
    from academy.assess import services

    with app.app_context():
        cycle = services.open_cycle_of(ASSESSMENT_ID)
        if cycle is not None:
            services.close_cycle(cycle, None)


@pytest.fixture
def open_cycle_id(live_app) -> int:
    """The live app's open customer-culture cycle, opened here when none is."""
    from datetime import date, timedelta

    from academy.assess import services

    with live_app.app_context():
        cycle = services.open_cycle_of(ASSESSMENT_ID)
        if cycle is None:
            cycle = services.create_cycle(
                assessment_id=ASSESSMENT_ID,
                name=f"Browser cycle {os.urandom(2).hex()}",
                opens_on=date.today(),
                closes_on=date.today() + timedelta(days=7),
                actor=None,
            )
            services.open_cycle(cycle, None)
        return cycle.id


@pytest.fixture
def no_open_cycle(live_app) -> None:
    """No customer-culture cycle is open when the test starts."""
    close_open_cycle(live_app)
