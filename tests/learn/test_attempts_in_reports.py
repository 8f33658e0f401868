"""A quiz taken through the learning pages shows in the trainer's and HR's reports.

The learning feature stores attempts and completions; quiz statistics and the training
report read them. This checks the whole path on the shipped basics quiz.
"""

from __future__ import annotations

import re

from academy.content import get_catalog
from tests import factories
from tests.conftest import login
from tests.learn.basics_quiz import RIGHT, WRONG
from tests.learn.conftest import take_quiz

BASICS = "customer-culture-basics"


def _row(page: str, name: str) -> list[str]:
    """The cells of the table row headed ``name``, as text."""
    row = re.search(rf"<th scope=\"row\">(?:<a [^>]*>)?{name}(?:</a>)?</th>(.*?)</tr>", page, re.S)
    assert row is not None, name
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1])]


def test_a_quiz_taken_in_learn_shows_in_quiz_statistics_and_training(app):
    care = factories.department("Care", "care")
    learner = factories.user(dept=care)
    trainer = factories.user("trainer", dept=care)
    hr = factories.user("hr", dept=care)
    factories.user(dept=care)
    factories.user(dept=care)  # five active people: the department can be shown

    client = app.test_client()
    login(client, learner)
    for answers, outcome in ((WRONG, "Not passed yet"), (RIGHT, "Passed")):
        attempt = take_quiz(client, BASICS, answers).headers["Location"]
        assert outcome in client.get(attempt).get_data(as_text=True)

    trainer_client = app.test_client()
    login(trainer_client, trainer)
    overview = trainer_client.get("/trainer/quizzes/").get_data(as_text=True)
    # Two attempts by one person: 0% then 100%, one of two passed.
    assert _row(overview, "Customer culture basics") == ["2", "1", "50%", "50%"]
    quiz = trainer_client.get(f"/trainer/quizzes/{BASICS}").get_data(as_text=True)
    assert "(1 attempts)" in quiz  # the first attempt only
    first = quiz.split('id="q-back-office-role"', 1)[1].split("</section>", 1)[0]
    assert "Facility: <strong>0%</strong>" in first
    chosen = _row(first, "It is mainly the front line.s job[^<]*")  # option a
    assert chosen == ["most tempting wrong answer", "100%"]
    assert _row(first, "Your work reaches the customer [^<]*") == ["correct", "0%"]

    hr_client = app.test_client()
    login(hr_client, hr)
    training = hr_client.get("/insights/training").get_data(as_text=True)
    required = [
        m
        for m in get_catalog().modules.values()
        if m.required and not m.is_draft and m.is_for("care")
    ]
    completion = round(100 / (5 * len(required)))
    assert _row(training, "Care")[:3] == ["5", f"{completion}%", "100%"]
