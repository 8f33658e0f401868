"""Employees answer the open cycle once, on one page, and see their own result."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from academy.assess import services
from academy.extensions import db
from academy.models import Answer, CycleMember, Response, SealedResponse
from tests import factories
from tests.assess.conftest import answers, form_data, make_cycle


def _answered() -> int:
    return db.session.scalar(
        select(func.count()).select_from(CycleMember).where(CycleMember.answered.is_(True))
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _checked(page: str) -> dict[str, str]:
    """Item id -> value of each checked radio, as the browser would show it."""
    return dict(
        re.findall(r'<input checked id="[^"]+" name="item-([^"]+)"[^>]* value="([^"]+)"', page)
    )


def test_answer_page_groups_items_by_dimension_with_accessible_radio_groups(
    logged_in, cycle, assessment
):
    page = logged_in.get("/assessment/").get_data(as_text=True)
    assert page.count("<fieldset") == len(assessment.items) == 32
    assert page.count("<legend>") == 32
    for dimension in assessment.dimensions:
        assert f">{dimension.title('en')}</h2>" in page
    for item in assessment.items:
        assert item.text("en").replace("'", "&#39;") in page
    # Every item offers the five labelled points and "don't know".
    assert page.count('value="dont_know"') == 32
    for label in assessment.labels("en"):
        assert page.count(f"<span>{label}</span>") == 32
    assert re.search(r'<label class="likert-option" for="item-ant-1-0">\s*<input', page)
    assert '<progress id="answer-progress" max="32" value="0">' in page
    assert "<span data-answered-count>0</span> of 32 answered" in page
    assert assessment.comment("en").replace("'", "&#39;") in page
    assert "js/assessment.js" in page
    assert "style=" not in page
    assert "<script>" not in page


def test_complete_submission_stores_one_response_and_shows_the_personal_result(
    logged_in, cycle, assessment, employee
):
    response = logged_in.post(
        "/assessment/", data=form_data(assessment, cycle, "5", comment="  Quick replies.  ")
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Thank you: your answers are in" in page
    assert "data-print" in page
    assert "Print this page" in page
    assert _answered() == 1
    # Sealed until the cycle closes: nothing readable is stored yet.
    assert _count(SealedResponse) == 1
    assert _count(Response) == 0
    services.close_cycle(cycle, None)
    assert _count(Response) == 1
    assert _count(Answer) == 32
    stored = db.session.scalar(select(Response))
    assert stored.comment == "Quick replies."
    assert stored.department_id == employee.department_id

    # Everything answered "strongly agree": 100 on straight items, 0 on reverse-keyed ones.
    for dimension in assessment.dimensions:
        expected = sum(0 if i.reverse else 100 for i in dimension.items) / len(dimension.items)
        row = re.search(
            rf"<th scope=\"row\">{dimension.title('en')}</th>\s*<td class=\"num\">(\d+)", page
        )
        assert int(row.group(1)) == round(expected), dimension.id
    assert "Company scores appear here once a cycle has closed with enough answers" in page


def test_reverse_keyed_items_are_stored_reversed_and_dont_know_as_null(
    logged_in, cycle, assessment
):
    reverse_item = next(i for i in assessment.items if i.reverse)
    straight_item = next(i for i in assessment.items if not i.reverse)
    data = form_data(
        assessment, cycle, "2", overrides={reverse_item.id: "5", straight_item.id: "dont_know"}
    )
    assert logged_in.post("/assessment/", data=data).status_code == 200
    services.close_cycle(cycle, None)
    rows = {a.item_id: a for a in db.session.scalars(select(Answer))}
    assert (rows[reverse_item.id].value, rows[reverse_item.id].score) == (5, 1)
    assert (rows[straight_item.id].value, rows[straight_item.id].score) == (None, None)
    other = next(i for i in assessment.items if i.id not in {reverse_item.id, straight_item.id})
    assert rows[other.id].value == 2
    assert rows[other.id].score == (4 if other.reverse else 2)
    dims = {i.id: d.id for d in assessment.dimensions for i in d.items}
    assert all(a.dimension_id == dims[a.item_id] for a in rows.values())
    assert {a.cycle_id for a in rows.values()} == {cycle.id}


def test_incomplete_submission_keeps_every_answer_and_marks_the_missing_items(
    logged_in, cycle, assessment
):
    missing = [assessment.items[1].id, assessment.items[20].id]
    data = form_data(assessment, cycle, "3", skip=missing, comment="Keep this comment")
    data["item-" + assessment.items[5].id] = "dont_know"
    response = logged_in.post("/assessment/", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _count(SealedResponse) == 0
    assert _answered() == 0

    assert "2 statements have no answer yet:" in page
    for item_id in missing:
        assert f'<a href="#item-{item_id}-0">' in page  # the error summary links to the item
        fieldset = re.search(
            rf'<fieldset class="likert likert-invalid" id="item-{item_id}"[^>]*>', page
        )
        assert fieldset
        assert f'aria-describedby="item-{item_id}-error"' in fieldset.group(0)
        assert f'<p class="error" id="item-{item_id}-error">' in page
        assert page.count(f'aria-invalid="true" id="item-{item_id}-') == 6
    assert page.count('aria-invalid="true"') == 12
    assert page.count("likert-invalid") == 2

    kept = _checked(page)
    expected = {i.id: "3" for i in assessment.items if i.id not in missing}
    expected[assessment.items[5].id] = "dont_know"
    assert kept == expected
    assert "Keep this comment</textarea>" in page
    assert "<span data-answered-count>30</span> of 32 answered" in page

    # Completing it afterwards works.
    data.update({"item-" + i: "4" for i in missing})
    assert logged_in.post("/assessment/", data=data).status_code == 200
    assert _count(SealedResponse) == 1


def test_values_outside_the_scale_are_refused(logged_in, cycle, assessment):
    data = form_data(assessment, cycle, overrides={assessment.items[0].id: "7"})
    response = logged_in.post("/assessment/", data=data)
    assert response.status_code == 422
    assert "Choose one of the answers offered." in response.get_data(as_text=True)
    assert _count(SealedResponse) == 0


def test_one_response_per_person(logged_in, cycle, assessment, employee):
    assert logged_in.post("/assessment/", data=form_data(assessment, cycle)).status_code == 200
    again = logged_in.post("/assessment/", data=form_data(assessment, cycle, "1"))
    assert again.status_code == 303
    page = logged_in.get("/assessment/").get_data(as_text=True)
    assert "You have already answered this cycle. Thank you." in page
    assert "<fieldset" not in page
    assert _count(SealedResponse) == 1
    assert _answered() == 1

    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(cycle, employee, answers(assessment, 2), None)
    services.close_cycle(cycle, None)
    assert _count(Response) == 1
    assert set(db.session.scalars(select(Answer.value))) == {4}


def test_nobody_answers_a_closed_cycle(logged_in, cycle, assessment, hr_user, employee):
    data = form_data(assessment, cycle, comment="Words I typed")
    services.close_cycle(cycle, hr_user)
    response = logged_in.post("/assessment/", data=data)
    # Refused, and given back: what was answered and written is on the page.
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Your answers were not recorded" in page
    assert "Words I typed" in page
    assert page.count("<td>Agree</td>") == len(assessment.items)
    assert "No assessment cycle is open right now." in logged_in.get("/assessment/").get_data(
        as_text=True
    )
    assert _count(Response) == 0
    assert _answered() == 0
    with pytest.raises(services.CycleError) as refused:
        services.submit_response(cycle, employee, answers(assessment), None)
    assert refused.value.reason == "closed"


def test_answers_go_to_the_cycle_they_were_given_for(logged_in, cycle, assessment, hr_user):
    data = form_data(assessment, cycle)
    services.close_cycle(cycle, hr_user)
    make_cycle(hr_user, "Next")  # a new cycle opened meanwhile
    assert logged_in.post("/assessment/", data=data).status_code == 409
    assert _count(SealedResponse) == 0
    assert logged_in.post("/assessment/", data={**data, "cycle": "x"}).status_code == 303
    assert logged_in.post("/assessment/", data={**data, "cycle": "9" * 30}).status_code == 303
    assert _count(SealedResponse) == 0


def test_no_open_cycle(logged_in):
    page = logged_in.get("/assessment/").get_data(as_text=True)
    assert "No assessment cycle is open right now." in page


def test_home_invites_until_answered(logged_in, cycle, assessment):
    home = logged_in.get("/").get_data(as_text=True)
    assert "Answer the assessment" in home
    assert 'href="/assessment/"' in home
    logged_in.post("/assessment/", data=form_data(assessment, cycle))
    assert "Answer the assessment" not in logged_in.get("/").get_data(as_text=True)


def test_no_invitation_without_an_open_cycle(logged_in, hr_user):
    make_cycle(hr_user, "Draft only", open_it=False)
    assert "Answer the assessment" not in logged_in.get("/").get_data(as_text=True)


def test_hr_home_links_to_cycles(as_role):
    assert "Manage assessment cycles" in as_role("hr").get("/").get_data(as_text=True)


def test_italian_questionnaire(app, client, cycle, assessment):
    from tests.conftest import login

    person = factories.user(language="it")
    login(client, person)
    page = client.get("/assessment/").get_data(as_text=True)
    assert '<html lang="it">' in page
    for label in assessment.labels("it"):
        assert f"<span>{label.replace(chr(39), '&#39;')}</span>" in page
    assert "<span>Non so</span>" in page
    assert assessment.items[0].text("it") in page
    assert assessment.dimensions[0].title("it") in page
    assert "<span data-answered-count>0</span> su 32 risposte date" in page
    response = client.post("/assessment/", data=form_data(assessment, cycle, skip=("ant-1",)))
    assert "Scegli una risposta per questa affermazione." in response.get_data(as_text=True)
    response = client.post("/assessment/", data=form_data(assessment, cycle))
    page = response.get_data(as_text=True)
    assert "Grazie" in page
    assert assessment.dimensions[0].title("it") in page


def test_service_refuses_incomplete_or_out_of_scale_answers(app, cycle, assessment, employee):
    partial = answers(assessment)
    del partial[assessment.items[3].id]
    with pytest.raises(services.IncompleteResponse) as refused:
        services.submit_response(cycle, employee, partial, None)
    assert refused.value.missing == [assessment.items[3].id]
    for bad in (0, assessment.points + 1, "4"):
        wrong = answers(assessment)
        wrong[assessment.items[0].id] = bad
        with pytest.raises(services.CycleError):
            services.submit_response(cycle, employee, wrong, None)
    assert _count(SealedResponse) == 0
    assert _answered() == 0


def test_a_cycle_whose_questionnaire_is_gone_takes_no_answers(logged_in, hr_user):
    from datetime import date

    from academy.models import Cycle, CycleStatus

    gone = Cycle(
        assessment_id="withdrawn",
        name="Withdrawn",
        opens_on=date.today(),
        closes_on=date.today(),
        status=CycleStatus.OPEN,
    )
    db.session.add(gone)
    db.session.commit()
    page = logged_in.get("/assessment/").get_data(as_text=True)
    assert "cannot be loaded right now" in page
    assert "<fieldset" not in page
    response = logged_in.post("/assessment/", data={"cycle": str(gone.id), "item-x": "3"})
    assert "cannot be loaded right now" in response.get_data(as_text=True)
    assert _count(SealedResponse) == 0
    assert _count(Response) == 0
