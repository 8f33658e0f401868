"""Taking a quiz: scoring, stored attempts, double submission, unanswered and changed quizzes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.learn import attempts as quiz_attempts
from academy.models import ModuleProgress, QuizAttempt, utcnow
from tests.learn.conftest import (
    ALL_RIGHT,
    ALL_WRONG,
    QUIZ,
    client_for,
    form_data,
    open_quiz,
    reload_content,
    take_quiz,
    ticket_of,
)


@pytest.fixture
def app(content, content_app):
    content.module("first-contact", "First contact", extra="required: true\n")
    return content_app()


def stored() -> list[QuizAttempt]:
    return list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))


def test_an_attempt_is_stored_with_every_field(app):
    client = client_for(app)
    catalog = app.extensions["academy.catalog"].get()
    module = catalog.module("first-contact")
    response = take_quiz(client, "first-contact", {"first-call": "a", "good-signs": ["c", "a"]})
    (attempt,) = stored()
    assert response.headers["Location"] == f"/learn/attempts/{attempt.id}"
    assert attempt.user_id == client.user.id
    assert attempt.module_id == "first-contact"
    assert attempt.module_version == module.version
    assert attempt.quiz_version == module.quiz.version
    assert attempt.answers == {"first-call": ["a"], "good-signs": ["a", "c"]}
    assert (attempt.points, attempt.max_points, attempt.score_pct) == (3.0, 3.0, 100.0)
    assert attempt.passed is True
    assert 0 <= attempt.duration_seconds < 60
    assert len(attempt.submission_token) >= 20
    progress = db.session.get(ModuleProgress, (client.user.id, "first-contact"))
    assert progress.completed_at is not None


def test_multiple_answer_partial_credit_through_http(app):
    client = client_for(app)
    # single right (1) + multiple: one right pick of two (2 × 1/2 = 1) -> 2 of 3 = 66.67%: fail
    take_quiz(client, "first-contact", {"first-call": "a", "good-signs": ["a"]})
    # a right and a wrong pick cancel out: 2 × max(0, (1 − 1) / 2) = 0 -> 1 of 3
    take_quiz(client, "first-contact", {"first-call": "a", "good-signs": ["a", "b"]})
    # only a wrong pick: never negative, 0 -> 0 of 3
    take_quiz(client, "first-contact", {"first-call": "b", "good-signs": ["b"]})
    scored = [(a.points, round(a.score_pct, 2), a.passed) for a in stored()]
    assert scored == [(2.0, 66.67, False), (1.0, 33.33, False), (0.0, 0.0, False)]
    page = client.get(f"/learn/attempts/{stored()[0].id}").get_data(as_text=True)
    assert "Your score: 66.7%" in page
    assert "Partly right" in page
    assert "1 of 2 points" in page
    progress = db.session.get(ModuleProgress, (client.user.id, "first-contact"))
    assert progress.completed_at is None


def test_result_page_shows_pass_fail_right_options_and_feedback(app):
    client = client_for(app)
    response = take_quiz(client, "first-contact", {"first-call": "b", "good-signs": ["a", "b"]})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not passed yet" in page
    assert "Your score: 0%" in page
    assert "The pass mark is 70%." in page
    # Feedback for every option chosen, and for the right options not chosen...
    for shown in ("FEEDBACK-1B", "FEEDBACK-1A", "FEEDBACK-2A", "FEEDBACK-2B", "FEEDBACK-2C"):
        assert shown in page
    # ...and the scenario in full.
    assert "A prospect has waited <strong>three weeks</strong> for an answer." in page
    assert page.count("Right answer") == 3
    assert "Retake the quiz" in page


def test_feedback_of_options_neither_chosen_nor_right_stays_hidden(app):
    client = client_for(app)
    response = take_quiz(client, "first-contact", ALL_RIGHT)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Passed" in page
    assert "FEEDBACK-1B" not in page
    assert "FEEDBACK-2B" not in page


def test_the_same_form_submitted_twice_stores_one_attempt(app):
    client = client_for(app)
    token = open_quiz(client, "first-contact")
    first = take_quiz(client, "first-contact", ALL_WRONG, token=token)
    # Back button, a second tab or a double click: the same token, even other answers.
    second = take_quiz(client, "first-contact", ALL_RIGHT, token=token)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    (attempt,) = stored()
    assert attempt.passed is False
    # A fresh page gives a fresh token: a real retake is a new attempt.
    take_quiz(client, "first-contact", ALL_RIGHT)
    assert [a.passed for a in stored()] == [False, True]


def test_the_unique_constraint_settles_a_race(app, monkeypatch):
    client = client_for(app)
    token = open_quiz(client, "first-contact")
    module = app.extensions["academy.catalog"].get().module("first-contact")
    with app.test_request_context():
        ticket = quiz_attempts.read_ticket(token, client.user, module)
        first = quiz_attempts.submit_attempt(client.user, module, ticket, {"first-call": ["a"]})
        # A request that looked before the first one committed still inserts: the database
        # refuses it and the stored attempt comes back.
        original = quiz_attempts.find_attempt
        calls = []

        def too_early(user, token):
            calls.append(token)
            return None if len(calls) == 1 else original(user, token)

        monkeypatch.setattr(quiz_attempts, "find_attempt", too_early)
        second = quiz_attempts.submit_attempt(client.user, module, ticket, {"first-call": ["b"]})
    assert second.id == first.id
    assert len(calls) == 2  # the look-up missed it; the constraint caught it
    assert len(stored()) == 1


def test_time_taken_comes_from_the_signed_ticket_and_cannot_be_forged(app):
    client = client_for(app)
    token = open_quiz(client, "first-contact")
    payload, signature = token.rsplit(".", 1)
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    response = take_quiz(client, "first-contact", ALL_RIGHT, token=forged)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This form could not be verified" in page
    assert 'value="a" checked' in page  # answers kept
    assert stored() == []
    take_quiz(client, "first-contact", ALL_RIGHT, token=ticket_of(page))
    assert len(stored()) == 1


def test_duration_is_measured_from_when_the_quiz_page_was_shown(app):
    client = client_for(app)
    module = app.extensions["academy.catalog"].get().module("first-contact")
    with app.test_request_context():
        token = quiz_attempts.issue_ticket(
            client.user, module, started_at=utcnow() - timedelta(minutes=7)
        )
    take_quiz(client, "first-contact", ALL_RIGHT, token=token)
    assert 7 * 60 <= stored()[0].duration_seconds < 7 * 60 + 30


def test_a_ticket_of_another_person_is_refused(app):
    alice, bob = client_for(app), client_for(app)
    token = open_quiz(alice, "first-contact")
    response = take_quiz(bob, "first-contact", ALL_RIGHT, token=token)
    assert response.status_code == 422
    assert stored() == []


def test_unanswered_questions_re_render_with_answers_kept(app):
    client = client_for(app)
    token = open_quiz(client, "first-contact")
    response = client.post(
        "/learn/modules/first-contact", data=form_data({"first-call": "b"}, token)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "1 question still needs an answer:" in page
    assert "Choose at least one answer to this question." in page
    assert 'id="q-first-call-b" value="b" checked' in page
    assert 'aria-describedby="q-good-signs-error"' in page
    assert "q-first-call-error" not in page
    assert stored() == []  # an unanswered question is an error, not a zero
    # The same ticket still works: nothing was stored under it.
    take_quiz(client, "first-contact", {"first-call": "b", "good-signs": ["a"]}, token=token)
    assert len(stored()) == 1


def test_answer_that_is_not_an_option_is_refused(app):
    client = client_for(app)
    response = take_quiz(client, "first-contact", {"first-call": "z", "good-signs": ["a"]})
    assert response.status_code == 422
    assert "Choose one of the options shown." in response.get_data(as_text=True)
    assert stored() == []


def test_a_quiz_changed_while_answering_is_not_scored(app, content):
    client = client_for(app)
    token = open_quiz(client, "first-contact")
    # The trainer rewrites the second question's options while the person answers.
    changed = QUIZ.replace("      - id: c\n", "      - id: d\n").replace(
        "FEEDBACK-2C", "FEEDBACK-2D"
    )
    content.write("modules/first-contact/quiz.yaml", changed)
    reload_content(app)
    response = take_quiz(
        client, "first-contact", {"first-call": "a", "good-signs": ["a", "c"]}, token
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This quiz was updated while you were answering" in page
    assert stored() == []
    # The unchanged question keeps its answer; the changed one must be answered again.
    assert 'id="q-first-call-a" value="a" checked' in page
    assert "checked" not in page.split('id="q-good-signs-a"')[0].split("q-first-call-b")[1]
    assert 'id="q-good-signs-a" value="a" checked' not in page
    new_token = ticket_of(page)
    assert new_token != token
    take_quiz(client, "first-contact", {"first-call": "a", "good-signs": ["a", "d"]}, new_token)
    (attempt,) = stored()
    current = app.extensions["academy.catalog"].get().module("first-contact").quiz
    assert attempt.quiz_version == current.version
    assert attempt.passed is True


def test_result_of_an_attempt_on_an_older_quiz_version_says_so(app, content):
    client = client_for(app)
    response = take_quiz(client, "first-contact", ALL_RIGHT)
    content.write("modules/first-contact/quiz.yaml", QUIZ.replace("pass_mark: 70", "pass_mark: 80"))
    reload_content(app)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The quiz has changed since this attempt" in page
    assert "Your score: 100%" in page


def test_attempts_of_other_people_are_not_shown(app):
    alice, bob = client_for(app), client_for(app)
    location = take_quiz(alice, "first-contact", ALL_RIGHT).headers["Location"]
    assert alice.get(location).status_code == 200
    assert bob.get(location).status_code == 404


def test_quiz_page_shows_every_question_with_its_scenario(app):
    client = client_for(app)
    page = client.get("/learn/modules/first-contact").get_data(as_text=True)
    assert page.count("<fieldset") == 2
    assert "<legend>What do you do first?" in page
    assert 'type="radio" name="q-first-call"' in page
    assert 'type="checkbox" name="q-good-signs"' in page
    assert "A prospect has waited <strong>three weeks</strong> for an answer." in page
    assert "Question 2 of 2" in page
    assert re.search(r"<h2[^>]*>Why it matters</h2>", page)
    assert '<a href="#why-it-matters">Why it matters</a>' in page  # table of contents


def test_quiz_submission_with_csrf_on(app_factory, content):
    content.module("first-contact", "First contact")
    app = app_factory(CONTENT_DIR=str(content.root), WTF_CSRF_ENABLED=True)
    client = app.test_client()
    from tests import factories

    user = factories.user()
    page = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": csrf},
    )
    page = client.get("/learn/modules/first-contact").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = form_data(ALL_RIGHT, ticket_of(page))
    # Without the CSRF token: refused, answers kept for the page to restore.
    response = client.post("/learn/modules/first-contact", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/learn/modules/first-contact"
    restored = client.get("/learn/modules/first-contact").get_data(as_text=True)
    assert "This form expired" in restored
    assert 'id="q-good-signs-c" value="c" checked' in restored
    assert stored() == []
    response = client.post("/learn/modules/first-contact", data={**data, "csrf_token": csrf})
    assert response.status_code == 302
    assert len(stored()) == 1
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
