"""HR runs cycles: draft -> open -> closed, one open cycle per assessment, audited."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from academy.assess import services
from academy.extensions import db
from academy.models import AuditEvent, Cycle, CycleMember, CycleStatus
from tests import factories
from tests.assess.conftest import ASSESSMENT_ID, make_cycle

TODAY = date.today()


def _create(client, **overrides):
    data = {
        "assessment_id": ASSESSMENT_ID,
        "name": "Spring 2027",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=21)).isoformat(),
    }
    data.update(overrides)
    return client.post("/assessment/cycles", data=data)


def _actions(target_id) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target_type == "cycle", AuditEvent.target_id == str(target_id))
            .order_by(AuditEvent.id)
        )
    )


def test_hr_creates_opens_and_closes_a_cycle(as_role, assessment):
    hr = as_role("hr")
    response = _create(hr)
    assert response.status_code == 303
    cycle = db.session.scalar(select(Cycle))
    assert response.headers["Location"] == f"/assessment/cycles/{cycle.id}"
    assert cycle.status is CycleStatus.DRAFT
    assert cycle.name == "Spring 2027"
    assert cycle.assessment_version is None

    page = hr.get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
    assert "Draft" in page
    assert "Open the cycle" in page

    assert hr.post(f"/assessment/cycles/{cycle.id}/open").status_code == 303
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
    assert cycle.opened_at is not None
    assert cycle.assessment_version == assessment.version

    page = hr.get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
    assert "The cycle is open" in page
    assert "Close the cycle" in page

    assert hr.post(f"/assessment/cycles/{cycle.id}/close").status_code == 303
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.CLOSED
    assert cycle.closed_at is not None
    assert _actions(cycle.id) == ["cycle.created", "cycle.opened", "cycle.closed"]
    actor_ids = set(db.session.scalars(select(AuditEvent.actor_id)))
    assert actor_ids == {hr.user.id}


def test_cycle_form_keeps_input_and_refuses_a_closing_date_not_after_opening(as_role):
    hr = as_role("hr")
    response = _create(hr, name="Autumn", closes_on=TODAY.isoformat())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The closing date must be after the opening date." in page
    assert 'value="Autumn"' in page
    assert f'value="{TODAY.isoformat()}"' in page
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0

    response = _create(hr, name="", opens_on="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give the cycle a name" in page
    assert "Enter the opening date." in page


def test_unknown_assessment_is_refused(as_role):
    response = _create(as_role("hr"), assessment_id="no-such-thing")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 0


def test_opening_asks_everyone_active_in_their_department(app, hr_user):
    sales, ops = factories.department("Sales"), factories.department("Operations")
    for _ in range(3):
        factories.user(dept=sales)
    factories.user(dept=sales, active=False)  # left the company: not asked
    factories.user(dept=ops)
    cycle = make_cycle(hr_user)
    counts: dict[int, int] = {}
    for member in db.session.scalars(select(CycleMember).where(CycleMember.cycle_id == cycle.id)):
        assert member.joined_late is False
        assert member.answered is False
        counts[member.department_id] = counts.get(member.department_id, 0) + 1
    assert counts == {sales.id: 3, ops.id: 1, hr_user.department_id: 1}
    # The questionnaire is kept with the cycle as it was when it opened.
    assert cycle.assessment_source.startswith("title:")
    assert cycle.assessment_version


def test_cycle_page_shows_headcounts_responses_and_participation(app, as_role, hr_user, assessment):
    sales = factories.department("Sales")
    people = [factories.user(dept=sales) for _ in range(4)]
    cycle = make_cycle(hr_user)
    services.submit_response(cycle, people[0], {i.id: 4 for i in assessment.items}, None)
    page = as_role("hr").get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
    row = re.search(r'<th scope="row">Sales</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'<td class="num"[^>]*>([^<]+)</td>', row) == ["4", "0", "1", "25%"]
    # 1 response out of 5 active people when the cycle opened (4 in Sales + the HR person).
    assert "1 response so far." in page
    assert "Participation: 20%." in page
    assert "People asked: 5 when the cycle opened, 0 who joined since." in page
    cycles_page = as_role("hr").get("/assessment/cycles").get_data(as_text=True)
    assert cycle.name in cycles_page


def test_only_one_open_cycle_per_assessment(as_role, hr_user):
    first = make_cycle(hr_user, "First")
    second = make_cycle(hr_user, "Second", open_it=False)
    hr = as_role("hr")
    hr.post(f"/assessment/cycles/{second.id}/open")
    page = hr.get(f"/assessment/cycles/{second.id}").get_data(as_text=True)
    assert "Another cycle of this assessment is already open" in page
    db.session.refresh(second)
    assert second.status is CycleStatus.DRAFT
    members = select(func.count()).select_from(CycleMember).where(CycleMember.cycle_id == second.id)
    assert db.session.scalar(members) == 0

    services.close_cycle(first, hr_user)
    services.open_cycle(second, hr_user)
    assert second.status is CycleStatus.OPEN


def test_database_refuses_two_open_cycles_of_one_assessment(app, hr_user):
    make_cycle(hr_user, "First")
    db.session.add(
        Cycle(
            assessment_id=ASSESSMENT_ID,
            name="Sneaked in",
            opens_on=TODAY,
            closes_on=TODAY + timedelta(days=1),
            status=CycleStatus.OPEN,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Closed cycles are not limited.
    for name in ("Old 1", "Old 2"):
        make_cycle(hr_user, name, open_it=False)
    for cycle in db.session.scalars(select(Cycle).where(Cycle.status == CycleStatus.DRAFT)):
        cycle.status = CycleStatus.CLOSED
    db.session.commit()
    closed = select(func.count()).where(Cycle.status == CycleStatus.CLOSED)
    assert db.session.scalar(closed) == 2


def test_a_closed_cycle_is_never_reopened_and_a_draft_cannot_be_closed(as_role, hr_user):
    closed = make_cycle(hr_user, "Done")
    services.close_cycle(closed, hr_user)
    draft = make_cycle(hr_user, "Later", open_it=False)
    hr = as_role("hr")
    hr.post(f"/assessment/cycles/{closed.id}/open")
    page = hr.get(f"/assessment/cycles/{closed.id}").get_data(as_text=True)
    assert "A closed cycle is never reopened" in page
    assert "Open the cycle" not in page
    hr.post(f"/assessment/cycles/{draft.id}/close")
    page = hr.get(f"/assessment/cycles/{draft.id}").get_data(as_text=True)
    assert "Only an open cycle can be closed." in page
    db.session.refresh(closed)
    db.session.refresh(draft)
    assert closed.status is CycleStatus.CLOSED
    assert draft.status is CycleStatus.DRAFT
    with pytest.raises(services.CycleError):
        services.open_cycle(closed, hr_user)


def test_only_hr_manages_cycles(as_role, hr_user):
    draft = make_cycle(hr_user, "Draft", open_it=False)
    for roles in ((), ("trainer",), ("admin",), ("trainer", "admin")):
        client = as_role(*roles)
        assert client.get("/assessment/cycles").status_code == 403
        assert client.get(f"/assessment/cycles/{draft.id}").status_code == 403
        assert _create(client).status_code == 403
        assert client.post(f"/assessment/cycles/{draft.id}/open").status_code == 403
        assert client.post(f"/assessment/cycles/{draft.id}/close").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 1
    db.session.refresh(draft)
    assert draft.status is CycleStatus.DRAFT


def test_unknown_cycle_is_404(as_role):
    hr = as_role("hr")
    assert hr.get("/assessment/cycles/999").status_code == 404
    assert hr.post("/assessment/cycles/999/open").status_code == 404


def test_opening_needs_a_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    hr = factories.user("hr")
    cycle = make_cycle(hr, open_it=False)
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login",
        data={"email": hr.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    # Without a token nothing opens (the form is shown again, not acted on).
    assert client.post(f"/assessment/cycles/{cycle.id}/open").status_code in (303, 400)
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.DRAFT
    page = client.get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        f"/assessment/cycles/{cycle.id}/open", data={"csrf_token": token, "open_now": "Open now"}
    )
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
