"""Learning tests: small content trees in tmp_path, an app serving them, quiz helpers."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.conftest import login

# Two questions: one single (1 point), one multiple (2 points, right options a and c).
QUIZ = """\
pass_mark: 70
questions:
  - id: first-call
    type: single
    scenario: {en: "A prospect has waited **three weeks** for an answer.", it: "Un potenziale cliente aspetta da **tre settimane**."}
    prompt: {en: "What do you do first?", it: "Cosa fai per prima cosa?"}
    options:
      - id: a
        text: {en: "Call and say what is missing", it: "Chiamo e dico cosa manca"}
        correct: true
        feedback: {en: "FEEDBACK-1A the customer knows what to do.", it: "FEEDBACK-1A il cliente sa cosa fare."}
      - id: b
        text: {en: "Wait for head office", it: "Aspetto la sede"}
        feedback: {en: "FEEDBACK-1B silence reads as indifference.", it: "FEEDBACK-1B il silenzio sembra indifferenza."}
  - id: good-signs
    type: multiple
    points: 2
    scenario: {en: "You describe a strong customer culture.", it: "Descrivi una cultura del cliente solida."}
    prompt: {en: "Which are good signs?", it: "Quali sono buoni segnali?"}
    options:
      - id: a
        text: "Warning customers early"
        correct: true
        feedback: "FEEDBACK-2A early news saves time."
      - id: b
        text: "Closing tickets fast"
        feedback: "FEEDBACK-2B a metric, not the customer."
      - id: c
        text: "Developers read tickets"
        correct: true
        feedback: "FEEDBACK-2C they see the impact."
"""

ALL_RIGHT = {"first-call": "a", "good-signs": ["a", "c"]}
ALL_WRONG = {"first-call": "b", "good-signs": ["b"]}


def module_md(title: str, extra: str = "", body: str = "## Why it matters\n\nSome words.\n") -> str:
    return f"---\ntitle: {title}\nsummary: Summary of {title}.\n{extra}---\n{body}"


class Content:
    """A content root with writing helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "modules").mkdir(parents=True, exist_ok=True)

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def module(
        self,
        module_id: str,
        title: str | None = None,
        *,
        extra: str = "",
        body: str | None = None,
        quiz: str | None = QUIZ,
        it: str | None = None,
    ) -> None:
        title = title or module_id.replace("-", " ").capitalize()
        md = module_md(title, extra) if body is None else module_md(title, extra, body)
        self.write(f"modules/{module_id}/module.md", md)
        if it is not None:
            self.write(f"modules/{module_id}/module.it.md", it)
        if quiz is not None:
            self.write(f"modules/{module_id}/quiz.yaml", quiz)


@pytest.fixture
def content(tmp_path: Path) -> Content:
    return Content(tmp_path / "content")


@pytest.fixture
def content_app(app_factory, content):
    """Build the app over the tmp content tree (write the files first)."""

    def build(**overrides: object) -> Flask:
        return app_factory(CONTENT_DIR=str(content.root), **overrides)

    return build


def reload_content(app: Flask) -> None:
    app.extensions["academy.catalog"].reload()


def client_for(app: Flask, *roles: str, **kw) -> FlaskClient:
    """A logged-in client; the user is `client.user`."""
    client = app.test_client()
    user = factories.user(*roles, **kw)
    assert login(client, user).status_code == 302
    client.user = user
    return client


def ticket_of(html: str) -> str:
    return re.search(r'name="submission_token"[^>]*value="([^"]+)"', html).group(1)


def form_data(answers: dict, token: str) -> dict:
    data: dict = {"submission_token": token}
    for question_id, chosen in answers.items():
        data["q-" + question_id] = chosen
    return data


def open_quiz(client: FlaskClient, module_id: str) -> str:
    response = client.get(f"/learn/modules/{module_id}")
    assert response.status_code == 200, response.status_code
    return ticket_of(response.get_data(as_text=True))


def take_quiz(client: FlaskClient, module_id: str, answers: dict, token: str | None = None):
    token = token or open_quiz(client, module_id)
    return client.post(f"/learn/modules/{module_id}", data=form_data(answers, token))
