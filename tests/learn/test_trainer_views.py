"""Trainers: previews of drafts and languages, and the content health page."""

from __future__ import annotations

import logging

import pytest

from tests.learn.conftest import QUIZ, client_for, reload_content

IT_BODY = "---\ntitle: Primo contatto\nsummary: Ogni sconosciuto conta.\norder: 1\n---\n## Perché conta\n\nTesto italiano.\n"


@pytest.fixture
def app(content, content_app):
    content.module("first-contact", "First contact", extra="order: 1\n", it=IT_BODY)
    content.module("work-in-progress", "Work in progress", extra="order: 2\nstatus: draft\n")
    return content_app()


def test_trainer_previews_a_draft_employees_cannot_open(app):
    trainer, employee = client_for(app, "trainer"), client_for(app)
    page = trainer.get("/learn/preview/work-in-progress").get_data(as_text=True)
    assert "This module is a draft: employees do not see it." in page
    assert "<h1>Work in progress</h1>" in page
    # The trainer's preview shows the answer key and every option's feedback.
    assert page.count("Right answer") == 3
    for feedback in ("FEEDBACK-1A", "FEEDBACK-1B", "FEEDBACK-2A", "FEEDBACK-2B", "FEEDBACK-2C"):
        assert feedback in page
    assert employee.get("/learn/preview/work-in-progress").status_code == 403
    assert employee.get("/learn/modules/work-in-progress").status_code == 404
    assert trainer.get("/learn/preview/nothing-here").status_code == 404


def test_trainer_previews_each_language(app):
    trainer = client_for(app, "trainer")
    page = trainer.get("/learn/preview/first-contact?lang=it").get_data(as_text=True)
    assert "<h1>Primo contatto</h1>" in page
    assert "Testo italiano." in page
    assert "Cosa fai per prima cosa?" in page
    assert 'lang="it"' in page
    page = trainer.get("/learn/preview/first-contact?lang=en").get_data(as_text=True)
    assert "<h1>First contact</h1>" in page
    # A module with no Italian file: the preview says employees get the default language.
    page = trainer.get("/learn/preview/work-in-progress?lang=it").get_data(as_text=True)
    assert "There is no version in this language yet" in page
    assert '<article class="prose module-text" lang="en">' in page
    # An unknown language falls back rather than failing.
    assert trainer.get("/learn/preview/first-contact?lang=xx").status_code == 200


def test_content_health_with_no_problems(app):
    trainer = client_for(app, "trainer")
    page = trainer.get("/learn/content").get_data(as_text=True)
    assert "No problems found." in page
    assert "2 modules are being served" in page
    assert "/learn/preview/work-in-progress?lang=it" in page
    assert client_for(app).get("/learn/content").status_code == 403


def test_a_broken_file_is_listed_with_its_line_and_the_rest_keeps_serving(app, content, caplog):
    broken = QUIZ.replace("    type: multiple\n", "    type: several\n")
    content.write("modules/work-in-progress/quiz.yaml", broken)
    content.module("no-title", extra="", quiz=None)
    content.write("modules/no-title/module.md", "---\nsummary: Missing its title.\n---\nText\n")
    with caplog.at_level(logging.ERROR, logger="academy.catalog"):
        reload_content(app)
    assert "modules/work-in-progress/quiz.yaml:" in caplog.text  # logged
    trainer = client_for(app, "trainer")
    page = trainer.get("/learn/content").get_data(as_text=True)
    assert "<code>modules/work-in-progress/quiz.yaml</code>" in page
    assert "<code>modules/no-title/module.md</code>" in page
    line = QUIZ.splitlines().index("    type: multiple") + 1
    assert f"line {line}</span>" in page
    assert "several" in page
    assert "Modules not available to employees" in page
    assert "<li><code>work-in-progress</code></li>" in page
    assert "No problems found." not in page
    # Everything valid still serves.
    employee = client_for(app)
    assert employee.get("/learn/modules/first-contact").status_code == 200
    assert "First contact" in employee.get("/learn/").get_data(as_text=True)


def test_edited_files_are_picked_up_without_restarting_in_development(content, content_app):
    content.module("first-contact", "First contact")
    app = content_app(CONTENT_AUTO_RELOAD=True)
    app.extensions["academy.catalog"].check_interval = 0
    employee = client_for(app)
    assert "First contact" in employee.get("/learn/").get_data(as_text=True)
    content.module("second-step", "Second step")
    assert "Second step" in employee.get("/learn/").get_data(as_text=True)
