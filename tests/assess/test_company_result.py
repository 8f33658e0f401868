"""Company scores of the last closed cycle: SQL aggregates, shown only for big enough cycles."""

from __future__ import annotations

import re

import pytest

from academy.assess import services
from academy.assess.results import company_result
from academy.reports.queries import item_rows
from tests import factories
from tests.assess.conftest import answers, form_data, make_cycle


def _closed_cycle_with(hr_user, assessment, values: list[int | None], name="Last year"):
    cycle = make_cycle(hr_user, name)
    for value in values:
        services.submit_response(cycle, factories.user(), answers(assessment, value), None)
    services.close_cycle(cycle, hr_user)
    return cycle


def test_item_aggregates_count_sum_and_favourable_in_sql(app, hr_user, assessment):
    sales = factories.department("Sales")
    cycle = make_cycle(hr_user)
    straight = next(i for i in assessment.items if not i.reverse)
    reverse_item = next(i for i in assessment.items if i.reverse)
    other = factories.department("Other")
    for value, dept in ((5, sales), (4, sales), (2, other), (None, other)):
        services.submit_response(cycle, factories.user(dept=dept), answers(assessment, value), None)
    points, favourable_from = assessment.points, assessment.favourable_from
    assert item_rows(cycle.id, points, favourable_from) == []  # sealed until it closes
    services.close_cycle(cycle, hr_user)
    rows = {(r.department_id, r.item_id): r for r in item_rows(cycle.id, points, favourable_from)}
    assert {i for _d, i in rows} == {i.id for i in assessment.items}
    # (department, item, answered n, sum, favourable, unfavourable, don't know)
    assert rows[sales.id, straight.id][2:] == (2, 9, 2, 0, 0)
    assert rows[other.id, straight.id][2:] == (1, 2, 0, 1, 1)
    # Reverse-keyed: 5, 4, 2 are scored 1, 2, 4.
    assert rows[sales.id, reverse_item.id][2:] == (2, 3, 0, 2, 0)
    assert rows[other.id, reverse_item.id][2:] == (1, 4, 1, 0, 1)
    assert item_rows(cycle.id + 1, points, favourable_from) == []


def test_company_column_needs_a_closed_cycle_with_enough_respondents(app, hr_user, assessment):
    assert company_result(assessment.id) is None
    _closed_cycle_with(hr_user, assessment, [4, 4, 4, 4], "Too small")
    assert company_result(assessment.id) is None
    bigger = _closed_cycle_with(hr_user, assessment, [5, 5, 4, 4, 2], "Big enough")
    result = company_result(assessment.id)
    assert result is not None
    assert result.cycle.id == bigger.id
    assert result.row.respondents == 5
    # Straight items: mean 4 -> 75; reverse-keyed: scores 1,1,2,2,4 -> mean 2 -> 25.
    for dimension in assessment.dimensions:
        expected = sum(25 if i.reverse else 75 for i in dimension.items) / len(dimension.items)
        assert result.row.cells[dimension.id].score == pytest.approx(expected)


def test_result_page_shows_own_scores_next_to_the_last_closed_cycle(
    app, client, hr_user, assessment
):
    _closed_cycle_with(hr_user, assessment, [5, 5, 4, 4, 2], "Last year")
    cycle = make_cycle(hr_user, "This year")
    from tests.conftest import login

    login(client, factories.user())
    page = client.post("/assessment/", data=form_data(assessment, cycle, "3")).get_data(
        as_text=True
    )
    assert "Company, Last year" in page
    assert "answered by 5 people" in page
    dimension = assessment.dimensions[0]
    company = sum(25 if i.reverse else 75 for i in dimension.items) / len(dimension.items)
    row = re.search(
        rf"<th scope=\"row\">{dimension.title('en')}</th>\s*<td class=\"num\">(\d+)</td>\s*"
        r"<td class=\"num\">(\d+)</td>",
        page,
    )
    assert (int(row.group(1)), int(row.group(2))) == (50, round(company))
