"""Anonymity attacks on the reports: small groups, "don't know" thinning, subtraction
through a thinned hidden pool, trends, comments, CSV and API.

The same disclosure decision must hold on every surface, so each attack is tried on the
page, the CSV and the API. A threshold protects a figure, not a group: what counts is
the number of scored answers behind each number actually shown.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from tests import factories
from tests.insights import builders as b
from tests.insights.builders import bearer

MIN = 5
ALL_AGREE = {"l1": 4, "l2": 2, "k1": 4, "k2": 4}


def _csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _api(client, cycle):
    response = client.get(f"/api/v1/cycles/{cycle.id}/scores", headers=bearer())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _numbers(text: str) -> list[str]:
    return [t for t in text.replace("<", " <").split() if t.replace(".", "").isdigit()]


def test_small_department_is_hidden_on_page_csv_and_api(hr, client, company):
    spring = company["spring"]
    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    legal_row = page.split(">Legal<", 1)[1].split("</tr>", 1)[0]
    assert "Too few answers to show" in legal_row
    assert "heat-" not in legal_row  # no coloured cell, no score

    rows = {r[0]: r for r in _csv(hr.get(f"/insights/export/heatmap.csv?cycle={spring.id}"))}
    assert rows["Legal"] == ["Legal", "3", "hidden: too few answers"]

    legal = next(d for d in _api(client, spring)["departments"] if d["name"] == "Legal")
    assert legal == {
        "id": company["depts"]["Legal"].id,
        "name": "Legal",
        "respondents": 3,  # participation, shown for everyone; no figure rests on it
        "hidden": "small",
        "overall": None,
        "dimensions": None,
    }


def test_subtraction_from_the_company_cannot_reveal_a_hidden_group(hr, client, company):
    spring = company["spring"]
    body = _api(client, spring)
    shown = [d for d in body["departments"] if d["hidden"] is None]
    hidden = {d["name"]: d["hidden"] for d in body["departments"] if d["hidden"] is not None}
    assert {d["name"] for d in shown} == {"Care", "Sales"}
    # (The HR person's own department was asked too, and nobody there answered.)
    assert {k: v for k, v in hidden.items() if k in company["depts"]} == {
        "Legal": "small",
        "Ops": "complementary",
        "Empty": "empty",
    }
    for dim in ("listening", "keeping"):
        company_n = body["company"]["dimensions"][dim]["respondents"]
        remainder = company_n - sum(d["dimensions"][dim]["respondents"] for d in shown)
        assert remainder >= MIN  # Legal (3) is pooled with Ops (6)

    rows = _csv(hr.get(f"/insights/export/heatmap.csv?cycle={spring.id}"))
    assert next(r for r in rows if r[0] == "Ops")[2] == "hidden: protects a smaller group"
    page = hr.get(f"/insights/heatmap?cycle={spring.id}").get_data(as_text=True)
    ops_row = page.split(">Ops<", 1)[1].split("</tr>", 1)[0]
    assert "Hidden to protect a smaller group" in ops_row


def test_dont_know_thinning_hides_the_figure_everywhere(app, hr, client):
    """A department of 5 is shown; 4 of them answer "don't know" to a whole dimension.
    Its figures for that dimension would rest on one person: hidden on every surface."""
    big, five = factories.department("Big"), factories.department("Five")
    g = b.group
    c = b.run_cycle(
        "Thin",
        date(2026, 5, 1),
        [
            g(big, 20, {"l1": 4, "l2": 2, "k1": 3, "k2": 3}),
            g(five, 1, {"l1": 1, "l2": 5, "k1": 5, "k2": 5}),
            g(five, 4, {"l1": 4, "l2": 2, "k1": None, "k2": None}),
        ],
    )
    body = _api(client, c)
    row = next(d for d in body["departments"] if d["name"] == "Five")
    assert row["hidden"] is None  # listening rests on 5 answers per item: shown
    assert row["dimensions"]["listening"]["hidden"] is None
    keeping = row["dimensions"]["keeping"]
    assert keeping["hidden"] == "small"
    assert keeping["score"] is None
    assert keeping["respondents"] is None
    assert row["overall"] is None  # it would contain the hidden dimension
    # The department page and its CSV show no keeping figure either.
    page = hr.get(f"/insights/departments/{five.id}?cycle={c.id}").get_data(as_text=True)
    items = page.split('id="items-heading"', 1)[1]
    keeping_part = items.split("Keeping promises", 1)[1].split("</h4>", 1)[1].split("<h4>", 1)[0]
    assert "Too few answers to show" in keeping_part
    assert "We call back when we said we would." not in keeping_part
    rows = _csv(hr.get(f"/insights/export/department.csv?cycle={c.id}&department={five.id}"))
    keeping_rows = [r for r in rows if r[0] == "Keeping promises"]
    assert keeping_rows == [["Keeping promises", "", "", "hidden: too few answers"]]
    # The heatmap cell says why, with no n=1.
    heat = hr.get(f"/insights/heatmap?cycle={c.id}").get_data(as_text=True)
    five_row = heat.split(">Five<", 1)[1].split("</tr>", 1)[0]
    assert "n=1" not in five_row
    assert "Too few answers to show" in five_row


def test_subtraction_through_a_thinned_hidden_pool(app, hr, client):
    """Departments of 20, 5 and 1: the 1 is hidden as small, the 5 as complementary. If
    all 5 answer "don't know" to a dimension, company minus the 20 would be the one
    hidden person: the 20 must be hidden for that dimension too."""
    big, five, one = (factories.department(n) for n in ("Twenty", "Five", "One"))
    g = b.group
    c = b.run_cycle(
        "Pool",
        date(2026, 5, 1),
        [
            g(big, 20, {"l1": 4, "l2": 2, "k1": 3, "k2": 3}),
            g(five, 5, {"l1": 4, "l2": 2, "k1": None, "k2": None}),
            g(one, 1, {"l1": 5, "l2": 1, "k1": 1, "k2": 5}),
        ],
    )
    body = _api(client, c)
    rows = {d["name"]: d for d in body["departments"]}
    keeping = {
        name: rows[name]["dimensions"]["keeping"] if rows[name]["dimensions"] else None
        for name in rows
    }
    # Keeping: Five has no scored answer, One has one: the pool is 1, so Twenty goes too.
    assert rows["Twenty"]["dimensions"]["keeping"]["hidden"] == "complementary"
    assert rows["Twenty"]["dimensions"]["keeping"]["score"] is None
    assert keeping["One"] is None or keeping["One"]["score"] is None
    # The company keeping figure (21 answers) may be shown: minus nothing, it reveals no one.
    company_keeping = body["company"]["dimensions"]["keeping"]
    assert company_keeping["respondents"] == 21
    # Listening rests on 20, 5 and 1 answers: One hidden, Five complementary, Twenty shown.
    assert rows["Twenty"]["dimensions"]["listening"]["hidden"] is None
    heatmap = _csv(hr.get(f"/insights/export/heatmap.csv?cycle={c.id}"))
    twenty = next(r for r in heatmap if r[0] == "Twenty")
    header = heatmap[0]
    keeping_col = header.index("Keeping promises")
    assert twenty[keeping_col] == "hidden: protects a smaller group"


def test_department_page_of_a_hidden_department_shows_no_numbers(hr, company):
    legal = company["depts"]["Legal"]
    response = hr.get(f"/insights/departments/{legal.id}?cycle={company['spring'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Too few answers to show" in page
    assert "Legal secret" not in page
    assert "<svg" not in page
    assert "We ask customers" not in page
    rows = _csv(
        hr.get(
            f"/insights/export/department.csv?cycle={company['spring'].id}&department={legal.id}"
        )
    )
    assert all(r[3] == "hidden: too few answers" for r in rows[1:] if r[1] == "")
    assert not any(r[4:] for r in rows[1:])


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
    body = _api(client, company["winter"])
    hidden = {d["name"]: d["hidden"] for d in body["departments"] if d["name"] in company["depts"]}
    assert hidden == {"Care": None, "Sales": "small", "Ops": "complementary"}


def test_comments_need_their_own_larger_group(hr, company):
    """Sales has 8 respondents: scores shown, comments (threshold 10) not."""
    sales = company["depts"]["Sales"]
    page = hr.get(f"/insights/departments/{sales.id}?cycle={company['spring'].id}").get_data(
        as_text=True
    )
    assert "Slow replies" not in page
    assert "Comments are shown only for groups of at least 10 respondents." in page
    care = company["depts"]["Care"]
    page = hr.get(f"/insights/departments/{care.id}?cycle={company['spring'].id}").get_data(
        as_text=True
    )
    assert "Great team" in page


def test_a_cycle_with_too_few_respondents_shows_nothing(app, hr, client):
    dept = factories.department("Tiny")
    c = b.run_cycle("Lonely", date(2026, 3, 1), [b.group(dept, 3, ALL_AGREE)])
    page = hr.get(f"/insights/?cycle={c.id}").get_data(as_text=True)
    assert "Not enough answers in this cycle to show any result." in page
    body = _api(client, c)
    assert body["company"]["hidden"] == "small"
    assert body["company"]["dimensions"] is None
    reliability = hr.get(f"/insights/reliability?cycle={c.id}").get_data(as_text=True)
    assert "Too few answers to show" in reliability
    assert "Alpha" in reliability
    assert "0." not in reliability.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_open_cycle_shows_participation_but_no_scores(hr, client, company, open_cycle):
    page = hr.get(f"/insights/?cycle={open_cycle.id}").get_data(as_text=True)
    assert "answers stay sealed" in page
    assert "7 responses so far from the 13 people asked" in page  # 12 in Care, HR
    response = client.get(f"/api/v1/cycles/{open_cycle.id}/scores", headers=bearer())
    assert response.status_code == 409
    assert "published when the cycle closes" in response.get_json()["error"]["message"]
    assert hr.get(f"/insights/export/heatmap.csv?cycle={open_cycle.id}").status_code == 404
    for url in (
        f"/insights/heatmap?cycle={open_cycle.id}",
        f"/insights/departments/{company['depts']['Care'].id}?cycle={open_cycle.id}",
    ):
        page = hr.get(url).get_data(as_text=True)
        assert "answers stay sealed" in page
        assert "n=7" not in page


def test_a_stricter_minimum_group_size_applies_everywhere(app_factory, content_dir):
    from tests.conftest import login

    app = app_factory(CONTENT_DIR=str(content_dir), MIN_GROUP_SIZE=9)
    alpha, beta = factories.department("Alpha"), factories.department("Beta")
    c = b.run_cycle(
        "Strict",
        date(2026, 5, 1),
        [b.group(alpha, 10, ALL_AGREE), b.group(beta, 8, {"l1": 2, "l2": 4, "k1": 2, "k2": 2})],
    )
    client = app.test_client()
    login(client, factories.user("hr"))
    body = client.get(f"/api/v1/cycles/{c.id}/scores", headers=bearer()).get_json()
    assert body["min_group_size"] == 9
    # Beta (8) is below 9; hidden total 8 < 9, so Alpha goes too.
    assert {d["name"]: d["hidden"] for d in body["departments"]} == {
        "Alpha": "complementary",
        "Beta": "small",
    }
    assert "rests on at least 9 answers" in client.get(f"/insights/heatmap?cycle={c.id}").get_data(
        as_text=True
    )
