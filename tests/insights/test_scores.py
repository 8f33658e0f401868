"""Scores, changes and significance through HTTP, against figures worked out by hand."""

from __future__ import annotations

import pytest

from tests.insights.builders import bearer, to100


def _api_scores(client, cycle):
    response = client.get(f"/api/v1/cycles/{cycle.id}/scores", headers=bearer())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _dept(body, name):
    return next(d for d in body["departments"] if d["name"] == name)


def test_department_scores_match_hand_computation(client, company):
    body = _api_scores(client, company["spring"])
    care = _dept(body, "Care")
    assert care["respondents"] == 10
    # listening: l1 mean 4.5 -> 87.5, l2 reversed 2 -> 4 -> 75; mean 81.25
    assert care["dimensions"]["listening"]["score"] == pytest.approx(81.2, abs=0.06)
    assert care["dimensions"]["listening"]["favourable_pct"] == 100.0
    # keeping: k1 all 3 -> 50; k2 all "don't know" is left out of the denominator
    assert care["dimensions"]["keeping"]["score"] == 50.0
    assert care["dimensions"]["keeping"]["favourable_pct"] == 0.0
    assert care["overall"] == pytest.approx(65.6, abs=0.06)
    sales = _dept(body, "Sales")
    assert sales["dimensions"]["listening"]["score"] == 25.0
    assert sales["dimensions"]["keeping"]["score"] == 50.0
    # k1: 4 of 8 answered 5 -> favourable; k2 all neutral: 4 / 16 answers
    assert sales["dimensions"]["keeping"]["favourable_pct"] == 25.0


def test_company_scores_include_hidden_departments(client, company):
    body = _api_scores(client, company["spring"])
    company_row = body["company"]
    assert company_row["respondents"] == 27
    # l1: Care 45 + Sales 16 + Ops 18 + Legal 3 = 82 over 27 answers
    # l2 (after reversal): Care 40 + Sales 16 + Ops 18 + Legal 3 = 77 over 27
    listening = (to100(82 / 27) + to100(77 / 27)) / 2
    assert company_row["dimensions"]["listening"]["score"] == round(listening, 1)
    # k1: Care 30 + Sales 24 + Ops 18 + Legal 3 = 75 / 27; k2: Sales 24 + Ops 18 + Legal 3 = 45 / 17
    keeping = (to100(75 / 27) + to100(45 / 17)) / 2
    assert company_row["dimensions"]["keeping"]["score"] == round(keeping, 1)
    assert company_row["overall"] == round((listening + keeping) / 2, 1)


def test_overview_page_shows_company_scores_and_index(hr, company):
    page = hr.get(f"/insights/?cycle={company['spring'].id}").get_data(as_text=True)
    listening = (to100(82 / 27) + to100(77 / 27)) / 2
    assert "Company score per dimension" in page
    assert f'<td class="num">{listening:.0f}</td>' in page
    assert "Overall index" in page
    assert "<svg" in page
    assert "<title" in page


def test_change_since_previous_cycle_only_where_both_cycles_are_shown(client, company):
    body = _api_scores(client, company["spring"])
    care = _dept(body, "Care")
    # Winter: Care answered 3 everywhere -> 50 on both dimensions.
    assert care["dimensions"]["listening"]["change"] == pytest.approx(31.2, abs=0.06)
    assert care["dimensions"]["keeping"]["change"] == 0.0
    # Sales had 4 respondents in winter (hidden): no change may be shown.
    sales = _dept(body, "Sales")
    assert sales["dimensions"]["listening"]["change"] is None


def test_heatmap_marks_departments_significantly_above_or_below(hr, client, company):
    body = _api_scores(client, company["spring"])
    # Care listening 81 against the rest of the company (Sales 25, Ops 50, Legal 0: about
    # 33): above, by far. Sales 25 against the rest (about 62): below.
    assert _dept(body, "Care")["dimensions"]["listening"]["significance"] == "above"
    assert _dept(body, "Sales")["dimensions"]["listening"]["significance"] == "below"
    # Keeping: Care 50 and Sales 50 against rests of about 43 and 45 with a wide spread
    # (Sales answered 1 or 5): no difference the test can tell from chance.
    assert _dept(body, "Sales")["dimensions"]["keeping"]["significance"] == "none"
    page = hr.get(f"/insights/heatmap?cycle={company['spring'].id}").get_data(as_text=True)
    assert "above the rest of the company" in page
    assert "below the rest of the company" in page
    assert "Benjamini" in page
    assert "data-sortable" in page
    assert 'class="heat heat-8"' in page  # Care listening 81 on the colour scale


def test_heatmap_defaults_to_latest_closed_cycle_and_404s_unknown(hr, company, open_cycle):
    page = hr.get("/insights/heatmap").get_data(as_text=True)
    assert "<h2>Spring</h2>" in page
    assert hr.get("/insights/heatmap?cycle=9999").status_code == 404


def test_department_page_items_distribution_trend_and_comments(hr, company):
    care = company["depts"]["Care"]
    page = hr.get(f"/insights/departments/{care.id}?cycle={company['spring'].id}").get_data(
        as_text=True
    )
    assert "We ask customers what they need." in page
    assert "reverse-keyed" in page
    # Distribution bars with text alternatives, and the trend across both cycles.
    assert "Answers per statement" in page
    assert "Overall score over the cycles" in page
    assert "Winter" in page
    assert "Spring" in page
    # Care has exactly 10 respondents: comments are shown.
    assert "Great team" in page


def test_department_trend_uses_all_closed_cycles(hr, company):
    care = company["depts"]["Care"]
    page = hr.get(f"/insights/departments/{care.id}").get_data(as_text=True)
    # Winter overall 50, Spring 65.6 (rounded 66).
    assert '<td class="num">50</td>' in page
    assert '<td class="num">66</td>' in page


def test_stored_p_values_are_welch_tests_against_the_rest_of_the_company(company):
    """With no "don't know" on a dimension, each person's value is their mean on it, and
    the test is Welch's t test of the department against everyone else (scipy)."""
    from scipy import stats

    from academy.extensions import db
    from academy.models import CycleResult

    payload = db.session.get(CycleResult, company["spring"].id).payload
    care_id = str(company["depts"]["Care"].id)
    # Listening (l1, l2 reversed) person means: Care 4.5 x5 and 4 x5; the rest: Sales 2
    # x8, Ops 3 x6, Legal 1 x3.
    care = [4.5] * 5 + [4.0] * 5
    rest = [2.0] * 8 + [3.0] * 6 + [1.0] * 3
    expected = stats.ttest_ind(care, rest, equal_var=False).pvalue
    stored = payload["departments"][care_id]["dimensions"]["listening"]["p"]
    assert stored == pytest.approx(expected, rel=1e-9)
