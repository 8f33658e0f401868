"""Company scores of the last closed cycle: SQL aggregates, shown only for big enough cycles."""

from __future__ import annotations

import re

import pytest

from academy.assess import services
from academy.assess.results import company_result
from academy.insights.queries import item_rows
from academy.insights.reports import item_index
from academy.scoring import ItemAggregate
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
    for value, dept in ((5, sales), (4, sales), (2, None), (None, None)):
        services.submit_response(cycle, factories.user(dept=dept), answers(assessment, value), None)
    points, favourable_from = assessment.points, assessment.favourable_from
    by_department = item_index(item_rows(cycle.id, points, favourable_from))
    aggs = by_department[None]
    assert set(aggs) == {i.id for i in assessment.items}
    assert aggs[straight.id] == ItemAggregate(3, 11.0, 2)
    # Reverse-keyed: 5, 4, 2 are scored 1, 2, 4.
    assert aggs[reverse_item.id] == ItemAggregate(3, 7.0, 1)
    assert by_department[sales.id][straight.id] == ItemAggregate(2, 9.0, 2)
    assert item_index(item_rows(cycle.id + 1, points, favourable_from)) == {None: {}}


def test_company_column_needs_a_closed_cycle_with_enough_respondents(app, hr_user, assessment):
    assert company_result(assessment) is None
    _closed_cycle_with(hr_user, assessment, [4, 4, 4, 4], "Too small")
    assert company_result(assessment) is None
    bigger = _closed_cycle_with(hr_user, assessment, [5, 5, 4, 4, 2], "Big enough")
    result = company_result(assessment)
    assert result is not None
    assert result.cycle.id == bigger.id
    assert result.respondents == 5
    # Straight items: mean 4 -> 75; reverse-keyed: scores 1,1,2,2,4 -> mean 2 -> 25.
    for dimension in assessment.dimensions:
        expected = sum(25 if i.reverse else 75 for i in dimension.items) / len(dimension.items)
        assert result.dimensions[dimension.id].score_100 == pytest.approx(expected)


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
