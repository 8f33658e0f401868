"""The module catalog: what a person sees, in which order, with which status."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.learn.conftest import ALL_RIGHT, ALL_WRONG, client_for, take_quiz


@pytest.fixture
def app(content, content_app):
    content.module("optional-one", "Optional one", extra="order: 1\n")
    content.module("required-two", "Required two", extra="order: 2\nrequired: true\n")
    content.module("required-three", "Required three", extra="order: 3\nrequired: true\n")
    content.module(
        "sales-only", "Sales only", extra="order: 4\naudience: [sales]\nrequired: true\n"
    )
    content.module("a-draft", "Draft module", extra="order: 5\nstatus: draft\n")
    return content_app()


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/learn/modules/[^"]+">([^<]+)</a></h2>', html)


def test_required_modules_come_first_then_display_order(app):
    client = client_for(app)
    page = client.get("/learn/").get_data(as_text=True)
    assert titles(page) == ["Required two", "Required three", "Optional one"]
    assert "Summary of Required two." in page
    assert "1 minute" in page


def test_audience_and_drafts_hide_modules(app):
    sales = factories.department("Sales", "sales")
    seller = client_for(app, dept=sales)
    assert titles(seller.get("/learn/").get_data(as_text=True)) == [
        "Required two",
        "Required three",
        "Sales only",
        "Optional one",
    ]
    other = client_for(app)
    assert "Sales only" not in other.get("/learn/").get_data(as_text=True)
    # Not listed and not reachable by address either, drafts included.
    assert other.get("/learn/modules/sales-only").status_code == 404
    assert other.get("/learn/modules/a-draft").status_code == 404
    assert seller.get("/learn/modules/a-draft").status_code == 404
    assert other.get("/learn/modules/no-such-module").status_code == 404
    assert seller.get("/learn/modules/sales-only").status_code == 200


def test_status_moves_from_not_started_to_passed_and_best_score_shows(app):
    client = client_for(app)

    def card(module_title: str) -> str:
        page = client.get("/learn/").get_data(as_text=True)
        return page.split(f">{module_title}</a>")[1].split("</li>")[0]

    assert "Not started" in card("Required two")
    client.get("/learn/modules/required-two")
    assert "In progress" in card("Required two")
    take_quiz(client, "required-two", ALL_WRONG)
    assert "In progress" in card("Required two")
    assert "Best score: 0%" in card("Required two")
    take_quiz(client, "required-two", {"first-call": "a", "good-signs": ["a"]})
    assert "Best score: 66.7%" in card("Required two")
    take_quiz(client, "required-two", ALL_RIGHT)
    take_quiz(client, "required-two", ALL_WRONG)  # a worse retake does not lower the best
    assert "Quiz passed" in card("Required two")
    assert "Best score: 100%" in card("Required two")
    assert "Not started" in card("Required three")


def test_progress_bar_counts_required_modules_only(app):
    client = client_for(app)
    page = client.get("/learn/").get_data(as_text=True)
    assert "0 of 2 required modules completed" in page
    assert re.search(r'<progress id="required-progress"[^>]*max="2" value="0"', page)
    take_quiz(client, "optional-one", ALL_RIGHT)
    assert "0 of 2 required modules completed" in client.get("/learn/").get_data(as_text=True)
    take_quiz(client, "required-three", ALL_RIGHT)
    page = client.get("/learn/").get_data(as_text=True)
    assert "1 of 2 required modules completed" in page
    assert re.search(r'<progress id="required-progress"[^>]*max="2" value="1"', page)


def test_home_panel_shows_required_progress_and_next_module(app):
    client = client_for(app)
    home = client.get("/").get_data(as_text=True)
    assert "Your training" in home
    assert "0 of 2 required modules completed" in home
    assert "Required of you" in home
    assert '<a href="/learn/modules/required-two">Required two</a>' in home
    assert '<a href="/learn/modules/required-three">Required three</a>' in home
    take_quiz(client, "required-two", ALL_RIGHT)
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/learn/modules/required-two">Required two</a>' not in home
    assert '<a href="/learn/modules/required-three">Required three</a>' in home
    assert "/training/certificate" not in home
    take_quiz(client, "required-three", ALL_RIGHT)
    home = client.get("/").get_data(as_text=True)
    assert "2 of 2 required modules completed" in home
    assert "you have completed all the training required of you" in home
    assert 'href="/training/certificate"' in home
    assert 'Next: <a href="/learn/modules/optional-one">Optional one</a>' in home


def test_catalog_needs_two_queries_whatever_the_number_of_attempts(app):
    from sqlalchemy import event

    from academy.extensions import db

    client = client_for(app)
    for module_id in ("required-two", "required-three", "optional-one"):
        take_quiz(client, module_id, ALL_WRONG)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/learn/")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    learning = [s for s in statements if "module_progress" in s or "quiz_attempts" in s]
    assert len(learning) == 2, learning


def test_no_modules_means_an_empty_catalog_and_no_home_card(content, content_app):
    app = content_app()
    client = client_for(app)
    assert "There are no training modules for you yet." in client.get("/learn/").get_data(
        as_text=True
    )
    home = client.get("/").get_data(as_text=True)
    assert "Your training" not in home
