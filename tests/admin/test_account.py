"""My account: everyone can see and download their own data, and only their own."""

from __future__ import annotations

import json
from datetime import date

from academy.extensions import db
from academy.models import Cycle, CycleMember, CycleStatus, ModuleProgress, QuizAttempt, utcnow
from tests import factories
from tests.conftest import login


def test_user_menu_links_to_my_account(logged_in):
    html = logged_in.get("/").get_data(as_text=True)
    assert 'href="/account/">My account</a>' in html


def test_download_contains_profile_progress_and_attempts_of_the_person_only(app, client):
    me = factories.user("trainer", given_name="Mia", family_name="Mine")
    someone = factories.user(given_name="Other", family_name="Person")
    cycle = Cycle(
        assessment_id="customer-culture",
        name="Spring",
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
        status=CycleStatus.CLOSED,
    )
    db.session.add(cycle)
    db.session.flush()
    for person, module in ((me, "basics"), (someone, "tomorrow")):
        db.session.add(ModuleProgress(user_id=person.id, module_id=module, module_version="v1"))
        db.session.add(
            QuizAttempt(
                user_id=person.id,
                module_id=module,
                module_version="v1",
                quiz_version="q1",
                submission_token=f"t-{person.id}",
                answers={"q1": ["b"]},
                points=0.5,
                max_points=1,
                score_pct=50,
                passed=False,
                started_at=utcnow(),
                duration_seconds=42,
            )
        )
    db.session.add(
        CycleMember(cycle_id=cycle.id, user_id=me.id, department_id=me.department_id, answered=True)
    )
    db.session.commit()

    login(client, me)
    page = client.get("/account/").get_data(as_text=True)
    assert "<dt>Modules started</dt><dd>1</dd>" in page
    assert "<dt>Quiz attempts</dt><dd>1</dd>" in page
    assert "<dt>Assessments you took part in</dt><dd>1</dd>" in page
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == me.email
    assert data["profile"]["roles"] == ["trainer"]
    assert data["profile"]["department"] == me.department.name
    assert [p["module_id"] for p in data["module_progress"]] == ["basics"]
    [attempt] = data["quiz_attempts"]
    assert (attempt["module_id"], attempt["answers"], attempt["score_pct"]) == (
        "basics",
        {"q1": ["b"]},
        50,
    )
    assert data["assessments_taken_part_in"] == [
        {"cycle": "Spring", "assessment_id": "customer-culture", "opens_on": "2026-03-01"}
    ]
    assert "anonymously" in data["assessment_answers"]
    assert "Other" not in response.get_data(as_text=True)
    assert "tomorrow" not in response.get_data(as_text=True)


def test_download_needs_a_login(client):
    assert client.get("/account/data.json").status_code == 302
