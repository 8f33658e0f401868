"""The starter course in content/ passes the check and works end to end."""

from __future__ import annotations

import re

from tests.learn.basics_quiz import RIGHT, WRONG
from tests.learn.conftest import client_for, form_data, ticket_of

SHIPPED_MODULES = 6


def test_shipped_content_passes_content_check(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_shipped_catalog_lists_every_module_with_required_progress(app):
    client = client_for(app)
    page = client.get("/learn/").get_data(as_text=True)
    assert len(re.findall(r'<li class="card module-card', page)) == SHIPPED_MODULES
    assert "0 of 4 required modules completed" in page
    # Everything builds on the basics: the others start locked.
    assert page.count("Locked.") == SHIPPED_MODULES - 1


def test_basics_quiz_fail_then_pass_moves_the_progress_bar(app):
    client = client_for(app)
    page = client.get("/learn/modules/customer-culture-basics").get_data(as_text=True)
    response = client.post(
        "/learn/modules/customer-culture-basics", data=form_data(WRONG, ticket_of(page))
    )
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not passed yet" in result
    assert "Your score: 0%" in result
    page = client.get("/learn/modules/customer-culture-basics").get_data(as_text=True)
    response = client.post(
        "/learn/modules/customer-culture-basics", data=form_data(RIGHT, ticket_of(page))
    )
    assert "Passed" in client.get(response.headers["Location"]).get_data(as_text=True)
    page = client.get("/learn/").get_data(as_text=True)
    assert "1 of 4 required modules completed" in page
    assert "Locked." not in page


def test_shipped_modules_render_in_italian(app):
    client = client_for(app, language="it")
    page = client.get("/learn/modules/customer-culture-basics").get_data(as_text=True)
    assert '<article class="prose module-text" lang="it">' in page
    assert "Quale affermazione descrive meglio il tuo ruolo nella cultura del cliente?" in page
