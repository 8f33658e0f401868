"""The module page is rendered once and shared (academy.pagecache): every person must
still see exactly what a fresh render would show them."""

from __future__ import annotations

import re

import pytest

from academy.extensions import db
from academy.pagecache import PAGES_KEY
from tests import factories
from tests.conftest import login
from tests.learn.conftest import ALL_RIGHT, ALL_WRONG, client_for, reload_content, take_quiz

PAGE = "/learn/modules/first-contact"
READING = "/learn/modules/reading"


@pytest.fixture
def app(content, content_app):
    content.module("first-contact", "First contact", extra="required: true\n")
    content.module("reading", "Reading only", quiz=None, it=_italian("Solo lettura"))
    return content_app()


def _italian(title: str) -> str:
    return f"---\ntitle: {title}\nsummary: Riassunto.\n---\n## Perché conta\n\nParole.\n"


def tokens_out(html: str) -> str:
    """The page without what differs on every request: CSRF tokens and the quiz ticket."""
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1CSRF", html)
    return re.sub(r'(name="submission_token"[^>]*value=")[^"]+', r"\1TICKET", html)


def cache_of(app):
    return app.extensions[PAGES_KEY]


def page(client, path: str = PAGE) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fresh_page(app, client, path: str = PAGE) -> str:
    """The page rendered without the cache."""
    cache = cache_of(app)
    size, cache.max_entries = cache.max_entries, 0
    try:
        return page(client, path)
    finally:
        cache.max_entries = size


def assert_same_as_fresh(app, client, path: str = PAGE) -> str:
    page(client, path)  # fills the cache if needed
    cached = page(client, path)
    assert tokens_out(cached) == tokens_out(fresh_page(app, client, path))
    return cached


def test_people_share_one_rendered_page_with_their_own_name(app):
    dept = factories.department()
    ann = client_for(app, given_name="Ann", email="ann@example.com", dept=dept)
    bob = client_for(app, given_name="<b>Bob</b>", email="bob@example.com", dept=dept)
    page(ann)  # first visits record a start and change the state
    page(bob)
    ann_page = assert_same_as_fresh(app, ann)
    bob_page = assert_same_as_fresh(app, bob)
    assert len(cache_of(app)) == 1  # same roles, language and progress: one page
    assert "Ann" in ann_page
    assert "ann@example.com" in ann_page
    assert "&lt;b&gt;Bob&lt;/b&gt;" in bob_page
    assert "<b>Bob" not in bob_page
    assert "Ann" not in bob_page
    assert "ann@example.com" not in bob_page


def test_progress_shows_as_soon_as_it_changes(app):
    client = client_for(app)
    assert "In progress" in assert_same_as_fresh(app, client)
    take_quiz(client, "first-contact", ALL_WRONG)
    failed = assert_same_as_fresh(app, client)
    assert "Best score: 0%" in failed
    assert "Latest result" in failed
    take_quiz(client, "first-contact", ALL_RIGHT)
    passed = assert_same_as_fresh(app, client)
    assert "Quiz passed" in passed
    assert "Best score: 100%" in passed


def test_a_module_without_quiz_shows_its_completion(app):
    client = client_for(app)
    assert "Mark as read" in assert_same_as_fresh(app, client, READING)
    response = client.post(f"{READING}/read")
    assert response.status_code == 302
    with_message = page(client, READING)
    assert "is complete" in with_message  # the one-time message, rendered for this visit
    done = assert_same_as_fresh(app, client, READING)
    assert "You completed this module on" in done
    assert "Mark as read" not in done
    assert "is complete" not in done


def test_roles_and_language_each_get_their_page(app):
    dept = factories.department()
    employee = client_for(app, dept=dept)
    trainer = client_for(app, "trainer", dept=dept)
    italian = client_for(app, dept=dept, language="it")
    for client in (employee, trainer, italian):
        page(client, READING)
    assert ">Content<" not in assert_same_as_fresh(app, employee, READING)
    assert ">Content<" in assert_same_as_fresh(app, trainer, READING)
    assert "Solo lettura" in assert_same_as_fresh(app, italian, READING)
    assert len(cache_of(app)) == 3


def test_a_role_change_shows_on_the_next_page(app):
    client = client_for(app)
    assert ">Content<" not in page(client, READING)
    client.user.set_roles({"trainer"})
    db.session.commit()
    assert ">Content<" in page(client, READING)


def test_edited_content_replaces_the_cached_page(app, content):
    client = client_for(app)
    assert "First contact" in page(client)
    content.module("first-contact", "First contact, revised", extra="required: true\n")
    reload_content(app)
    assert "First contact, revised" in assert_same_as_fresh(app, client)


def test_the_cache_keeps_a_bounded_number_of_pages(content, content_app):
    content.module("first-contact", "First contact")
    content.module("reading", "Reading only", quiz=None)
    app = content_app(PAGE_CACHE_ENTRIES=2)
    client = client_for(app)
    for path in (PAGE, READING, PAGE + "?from=catalog"):
        page(client, path)
    assert len(cache_of(app)) == 2


def test_tokens_are_new_on_every_visit_and_work(content, content_app):
    content.module("first-contact", "First contact")
    app = content_app(WTF_CSRF_ENABLED=True)
    user = factories.user(dept=factories.department())
    client = app.test_client()
    login_page = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert login(client, user, csrf_token=csrf).status_code == 302
    first, second = page(client), page(client)
    ticket = re.search(r'name="submission_token" value="([^"]+)"', second).group(1)
    assert ticket not in first  # every visit starts its own attempt
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', second).group(1)
    data = {"csrf_token": csrf, "submission_token": ticket, "q-first-call": "a"}
    data["q-good-signs"] = ["a", "c"]
    response = client.post(PAGE, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/learn/attempts/")
