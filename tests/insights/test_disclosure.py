"""Anonymity attacks: small groups, subtraction from the total, trends, exports, API.

The same disclosure decision must hold on every surface, so each attack is tried on
the page, the CSV and the API.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from academy.extensions import db
from tests import factories
from tests.insights import builders as b
from tests.insights.builders import bearer

MIN = 5


def _csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_small_department_is_hidden_on_page_csv_and_api(hr, client, company):
    spring = company["spring"]
    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    legal_row = page.split(">Legal<", 1)[1].split("</tr>", 1)[0]
    assert "Not enough respondents" in legal_row
    assert "heat-" not in legal_row  # no coloured cell, no number

    rows = {r[0]: r for r in _csv(hr.get(f"/insights/export/heatmap.csv?cycle={spring.id}"))}
    assert rows["Legal"] == ["Legal", "", "hidden: too few respondents"]

    body = client.get(f"/api/v1/cycles/{spring.id}/scores", headers=bearer()).get_json()
    legal = next(d for d in body["departments"] if d["name"] == "Legal")
    assert legal == {
        "id": company["depts"]["Legal"].id,
        "name": "Legal",
        "respondents": None,
        "hidden": "small",
        "overall": None,
        "dimensions": None,
    }


def test_subtraction_from_the_total_cannot_reveal_a_hidden_group(hr, client, company):
    """Company total minus every shown department must leave at least MIN respondents."""
    spring = company["spring"]
    body = client.get(f"/api/v1/cycles/{spring.id}/scores", headers=bearer()).get_json()
    shown = [d for d in body["departments"] if d["hidden"] is None]
    hidden = [d for d in body["departments"] if d["hidden"] is not None]
    assert {d["name"] for d in shown} == {"Care", "Sales"}
    assert {d["name"]: d["hidden"] for d in hidden} == {"Legal": "small", "Ops": "complementary"}
    remainder = body["company"]["respondents"] - sum(d["respondents"] for d in shown)
    assert remainder >= MIN  # Legal (3) is pooled with Ops (6)

    rows = _csv(hr.get(f"/insights/export/heatmap.csv?cycle={spring.id}"))
    shown_csv = [r for r in rows[1:] if r[2] == "" and r[0] != "Company"]
    company_row = next(r for r in rows if r[0] == "Company")
    assert int(company_row[1]) - sum(int(r[1]) for r in shown_csv) >= MIN
    assert next(r for r in rows if r[0] == "Ops")[2] == "hidden: protects a smaller group"

    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    ops_row = page.split(">Ops<", 1)[1].split("</tr>", 1)[0]
    assert "Hidden to protect a smaller group" in ops_row


def test_department_page_of_a_hidden_department_shows_no_numbers(hr, company):
    legal = company["depts"]["Legal"]
    response = hr.get(f"/insights/departments/{legal.id}?cycle={company['spring'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not enough respondents" in page
    assert "Legal secret" not in page
    assert "<svg" not in page
    assert "We ask customers" not in page
    rows = _csv(
        hr.get(
            f"/insights/export/department.csv?cycle={company['spring'].id}&department={legal.id}"
        )
    )
    assert rows[1:] == [["hidden: too few respondents"]]


def test_trend_applies_the_disclosure_per_cycle(hr, client, company):
    """Sales is shown in spring (8) but was hidden in winter (4): its trend and its change
    must not publish winter, or spring minus the change would reveal it."""
    sales = company["depts"]["Sales"]
    page = hr.get(f"/insights/departments/{sales.id}?cycle={company['spring'].id}").get_data(
        as_text=True
    )
    trend = page.split('id="trend-heading"', 1)[1].split("</table>", 1)[0]
    winter_row = trend.split('<th scope="row">Winter</th>', 1)[1].split("</tr>", 1)[0]
    assert "not shown" in winter_row
    body = client.get(f"/api/v1/cycles/{company['winter'].id}/scores", headers=bearer()).get_json()
    hidden = {d["name"]: d["hidden"] for d in body["departments"]}
    assert hidden == {"Care": None, "Sales": "small", "Ops": "complementary"}


def test_comments_need_their_own_larger_group(hr, company):
    """Sales has 8 respondents: scores shown, comments (threshold 10) not."""
    sales = company["depts"]["Sales"]
    page = hr.get(f"/insights/departments/{sales.id}?cycle={company['spring'].id}").get_data(
        as_text=True
    )
    assert "Slow replies" not in page
    assert "Comments are shown only for groups of at least 10 respondents." in page


def test_comments_are_hidden_when_a_smaller_group_needs_protection(app, hr):
    """Two departments of 10 and 4: the 4 are hidden, so the 10 must be too (for comments
    their own threshold applies, with the same complementary rule)."""
    big, small = factories.department("Big"), factories.department("Small")
    c = b.cycle("Autumn", date(2026, 9, 1))
    b.many(c, big, 12, {"l1": 4, "l2": 2, "k1": 4, "k2": 4}, comment="Big comment")
    b.many(c, small, 4, {"l1": 4, "l2": 2, "k1": 4, "k2": 4}, comment="Small comment")
    db.session.commit()
    page = hr.get(f"/insights/departments/{big.id}?cycle={c.id}").get_data(as_text=True)
    # Scores: Big 12 shown; Small 4 hidden and 4 < 5 so Big is hidden too.
    assert "Not enough respondents" in page or "Hidden to protect a smaller group" in page
    assert "Big comment" not in page


def test_a_cycle_with_too_few_respondents_shows_nothing(app, hr, client):
    dept = factories.department("Tiny")
    c = b.cycle("Lonely", date(2026, 3, 1))
    b.many(c, dept, 3, {"l1": 5, "l2": 1, "k1": 5, "k2": 5})
    db.session.commit()
    page = hr.get(f"/insights/?cycle={c.id}").get_data(as_text=True)
    assert "Not enough respondents in this cycle to show any result." in page
    body = client.get(f"/api/v1/cycles/{c.id}/scores", headers=bearer()).get_json()
    assert body["company"]["hidden"] == "small"
    assert body["company"]["dimensions"] is None
    assert (
        hr.get(f"/insights/reliability?cycle={c.id}")
        .get_data(as_text=True)
        .count("Not enough respondents")
        == 1
    )


def test_open_cycle_shows_participation_but_no_scores(hr, client, company, open_cycle):
    page = hr.get(f"/insights/?cycle={open_cycle.id}").get_data(as_text=True)
    assert "Scores are shown when the cycle closes." in page
    assert "7 responses out of a headcount of 12" in page
    response = client.get(f"/api/v1/cycles/{open_cycle.id}/scores", headers=bearer())
    assert response.status_code == 409
    assert "published when the cycle closes" in response.get_json()["error"]["message"]
    assert hr.get(f"/insights/export/heatmap.csv?cycle={open_cycle.id}").status_code == 404
    for url in (
        f"/insights/heatmap?cycle={open_cycle.id}",
        f"/insights/departments/{company['depts']['Care'].id}?cycle={open_cycle.id}",
    ):
        page = hr.get(url).get_data(as_text=True)
        assert "Scores are shown when the cycle closes." in page
        assert "n=7" not in page


def test_a_stricter_minimum_group_size_applies_everywhere(app_factory, content_dir, tmp_path):
    from tests.conftest import login

    app = app_factory(CONTENT_DIR=str(content_dir), MIN_GROUP_SIZE=9)
    a, c_ = factories.department("Alpha"), factories.department("Beta")
    c = b.cycle("Strict", date(2026, 5, 1))
    b.many(c, a, 10, {"l1": 4, "l2": 2, "k1": 4, "k2": 4})
    b.many(c, c_, 8, {"l1": 2, "l2": 4, "k1": 2, "k2": 2})
    db.session.commit()
    client = app.test_client()
    login(client, factories.user("hr"))
    body = client.get(f"/api/v1/cycles/{c.id}/scores", headers=bearer()).get_json()
    assert body["min_group_size"] == 9
    # Beta (8) is below 9; hidden total 8 < 9, so Alpha goes too.
    assert {d["name"]: d["hidden"] for d in body["departments"]} == {
        "Alpha": "complementary",
        "Beta": "small",
    }
    assert "Results are shown only for groups of at least 9 respondents" in client.get(
        f"/insights/heatmap?cycle={c.id}"
    ).get_data(as_text=True)
