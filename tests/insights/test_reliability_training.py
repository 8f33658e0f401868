"""Reliability on a crafted data set, training per department, trainers' quiz statistics."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from academy.content import get_catalog
from academy.extensions import db
from academy.models import ModuleProgress, QuizAttempt
from academy.scoring import corrected_item_total, cronbach_alpha, feldt_interval, pearson
from tests import factories
from tests.insights import builders as b
from tests.insights.builders import bearer

# (l1, l2 as chosen, k1, k2). l2 is reverse-keyed but people answered it like l1, as
# if it were not: after reversal it runs against l1 (a mis-keyed item).
PEOPLE = [
    (1, 1, 1, 2),
    (2, 2, 2, 2),
    (3, 3, 3, 4),
    (4, 4, 4, 4),
    (5, 5, 5, 5),
    (2, 3, 2, 1),
    (4, 4, 3, 3),
    (5, 4, 5, 4),
]


@pytest.fixture
def crafted(app):
    dept = factories.department("Everyone")
    groups = [
        b.group(dept, 1, {"l1": l1, "l2": l2, "k1": k1, "k2": k2}) for l1, l2, k1, k2 in PEOPLE
    ]
    return b.run_cycle("Crafted", date(2026, 2, 1), groups)


def test_reliability_matches_the_statistics_on_the_same_answers(hr, crafted):
    listening = [[l1, 6 - l2] for l1, l2, _k1, _k2 in PEOPLE]
    keeping = [[k1, k2] for _l1, _l2, k1, k2 in PEOPLE]
    a_listening = cronbach_alpha(listening)
    a_keeping = cronbach_alpha(keeping)
    assert a_listening.alpha < 0 < 0.8 < a_keeping.alpha  # the crafted data does what it says
    low, high = feldt_interval(a_keeping.alpha, 8, 2)

    response = hr.get(f"/insights/reliability?cycle={crafted.id}")
    page = response.get_data(as_text=True)
    assert f"{a_keeping.alpha:.2f}" in page
    assert f"{low:.2f} – {high:.2f}" in page
    assert (
        f"{a_listening.alpha:.2f}".replace("-", "−") in page or f"{a_listening.alpha:.2f}" in page
    )
    listening_items = page.split('id="dim-listening"', 1)[1].split("</table>", 1)[0]
    assert listening_items.count("check wording or keying") == 2
    keeping_items = page.split('id="dim-keeping"', 1)[1].split("</table>", 1)[0]
    assert "check wording or keying" not in keeping_items

    rows = hr.get(f"/insights/export/reliability.csv?cycle={crafted.id}").get_data(as_text=True)
    assert f"{a_keeping.alpha:.3f}" in rows
    r_keeping = corrected_item_total(keeping)
    assert f"{r_keeping[0]:.3f}" in rows


def test_reliability_is_stored_when_the_cycle_closes(hr, crafted):
    from academy.models import CycleResult

    stored = db.session.get(CycleResult, crafted.id).payload["reliability"]
    keeping = [[k1, k2] for _l1, _l2, k1, k2 in PEOPLE]
    assert stored["keeping"]["alpha"] == pytest.approx(cronbach_alpha(keeping).alpha, rel=1e-12)
    page = hr.get(f"/insights/reliability?cycle={crafted.id}").get_data(as_text=True)
    # Listening's alpha is negative: flagged as low, with why it matters.
    listening_row = page.split('href="#dim-listening"', 1)[1].split("</tr>", 1)[0]
    assert ">low<" in listening_row
    assert "differences between departments mean little" in page


def _complete(user, module_id="welcome", score=None):
    db.session.add(
        ModuleProgress(
            user_id=user.id,
            module_id=module_id,
            module_version="v1",
            started_at=datetime(2026, 1, 1),
            completed_at=datetime(2026, 1, 2),
        )
    )
    if score is not None:
        _attempt(user, {"q1": ["a"], "q2": ["a"]}, score)


_tokens = iter(range(1, 100_000))


def _attempt(user, answers, score, module_id="welcome", quiz_version=None):
    module = get_catalog().module(module_id)
    db.session.add(
        QuizAttempt(
            user_id=user.id,
            module_id=module_id,
            module_version=module.version,
            quiz_version=quiz_version or module.quiz.version,
            submission_token=f"t{next(_tokens)}",
            answers=answers,
            points=score / 50,
            max_points=2,
            score_pct=score,
            passed=score >= 50,
            started_at=datetime(2026, 1, 1),
            duration_seconds=60,
        )
    )


def test_training_completion_best_scores_and_correlation(app, as_role):
    a, bb, c = (factories.department(n) for n in ("Alpha", "Beta", "Gamma"))
    hr = as_role("hr", dept=a)
    people = {d: [factories.user(dept=d) for _ in range(6)] for d in (a, bb, c)}
    for person in people[a]:
        _complete(person, score=100)
    for person in people[bb][:3]:
        _complete(person, score=50)
    _attempt(people[bb][0], {"q1": ["b"]}, 0)  # an earlier failed try: best stays 50
    _complete(people[c][0], module_id="extra")  # optional module: not counted
    db.session.commit()
    answers = {a: (5, 1, 5, 5), bb: (3, 3, 3, 3), c: (1, 5, 1, 1)}
    cycle = b.run_cycle(
        "Culture",
        date(2026, 3, 1),
        [
            b.group(d, 6, dict(zip(("l1", "l2", "k1", "k2"), v, strict=True)), people=people[d])
            for d, v in answers.items()
        ],
    )

    # Training now: the live figures, no culture score.
    body = hr.get("/api/v1/training", headers=bearer(hr.user)).get_json()
    rows = {d["name"]: d for d in body["departments"]}
    assert rows["Alpha"]["people"] == 7  # six people plus the HR user
    assert rows["Alpha"]["required_completion_pct"] == round(6 / 7 * 100, 1)
    assert rows["Beta"]["required_completion_pct"] == 50.0
    assert rows["Gamma"]["required_completion_pct"] == 0.0
    assert rows["Alpha"]["mean_best_quiz_score_pct"] == 100.0
    assert rows["Beta"]["mean_best_quiz_score_pct"] == 50.0
    assert rows["Gamma"]["mean_best_quiz_score_pct"] is None

    # When the cycle closed: the same figures next to its culture scores, and r.
    expected = pearson([6 / 7 * 100, 50, 0], [100, 50, 0])
    page = hr.get(f"/insights/training?cycle={cycle.id}").get_data(as_text=True)
    assert "Training completion and culture score" in page  # the scatter chart
    assert f"r = {expected:.2f}" in page
    rows = _csv_rows(hr.get(f"/insights/export/training.csv?cycle={cycle.id}"))
    by_name = {r[0]: r for r in rows}
    assert by_name["Alpha"][1:] == ["7", "85.7", "100.0", "100.0"]
    assert by_name["Gamma"][4] == "0.0"


def _csv_rows(response):
    import csv
    import io

    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_training_hides_small_departments(app, as_role):
    big = factories.department("Big")
    hr = as_role("hr", dept=big)
    for _ in range(8):
        factories.user(dept=big)
    tiny = factories.department("Tiny")
    for _ in range(2):
        _complete(factories.user(dept=tiny), score=90)
    db.session.commit()
    body = hr.get("/api/v1/training", headers=bearer(hr.user)).get_json()
    rows = {d["name"]: d for d in body["departments"]}
    assert rows["Tiny"]["hidden"] == "small"
    assert rows["Tiny"]["mean_best_quiz_score_pct"] is None
    assert rows["Big"]["hidden"] == "complementary"  # else Big's figures + total reveal Tiny's


def test_quiz_statistics_for_trainers(app, as_role):
    trainer = as_role("trainer")
    people = [factories.user() for _ in range(4)]
    firsts = [
        {"q1": ["a"], "q2": ["a"]},
        {"q1": ["b"], "q2": ["a"]},
        {"q1": ["b"], "q2": ["b"]},
        {"q1": ["a"], "q2": ["a"]},
    ]
    for person, answers in zip(people, firsts, strict=True):
        _attempt(person, answers, 50)
    _attempt(people[1], {"q1": ["a"], "q2": ["a"]}, 100)  # a retry: not a first attempt
    _attempt(people[2], {"q1": ["c"], "q2": ["b"]}, 0, quiz_version="old")  # another version
    db.session.commit()

    index = trainer.get("/trainer/quizzes/").get_data(as_text=True)
    assert "Welcome" in index
    assert '<td class="num">6</td>' in index  # attempts, every version

    page = trainer.get("/trainer/quizzes/welcome").get_data(as_text=True)
    assert "(4 attempts)" in page
    q1 = page.split('id="q-q1"', 1)[1].split("</section>", 1)[0]
    assert "Facility: <strong>50%</strong>" in q1
    assert "most tempting wrong answer" in q1.split("Wrong", 1)[1].split("</tr>", 1)[0]
    discrimination = pearson([1, 0, 0, 1], [1, 1, 0, 1])
    assert f"<strong>{discrimination:.2f}</strong>" in q1
    q2 = page.split('id="q-q2"', 1)[1].split("</section>", 1)[0]
    assert "Facility: <strong>75%</strong>" in q2
    assert trainer.get("/trainer/quizzes/nope").status_code == 404

    exported = trainer.get("/trainer/quizzes/export/welcome.csv")
    assert exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = exported.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Question,Prompt,Facility %,Discrimination,Option,Correct,Chosen %"
    assert f"q1,First?,50.0,{discrimination:.3f},Wrong,,50.0" in lines
    summary = trainer.get("/trainer/quizzes/export/summary.csv").get_data(as_text=True)
    assert "Welcome,6,4," in summary
    assert as_role("hr").get("/trainer/quizzes/").status_code == 403
