"""Managers: the reports of the departments they manage, exactly as HR sees them there,
and nothing else. Every route is walked, so a new route that forgets the scope fails."""

from __future__ import annotations

import re

from academy.extensions import db
from tests import factories
from tests.conftest import login
from tests.test_access import _required_roles, _rules, _sample_url


def manager_client(app, *departments, **kw):
    client = app.test_client()
    person = factories.user("manager", **kw)
    person.set_managed_departments({d.id for d in departments})
    db.session.commit()
    login(client, person)
    client.person = person
    return client


def _tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


def test_a_manager_sees_their_department_exactly_as_hr_does(app, company, hr):
    care = company["depts"]["Care"]
    manager = manager_client(app, care)
    url = f"/insights/departments/{care.id}?cycle={company['spring'].id}"
    theirs = manager.get(url)
    assert theirs.status_code == 200
    mine = hr.get(url).get_data(as_text=True)
    assert _tables(theirs.get_data(as_text=True)) == _tables(mine)
    assert "Heatmap" not in theirs.get_data(as_text=True)  # HR's navigation is not offered
    export = f"/insights/export/department.csv?cycle={company['spring'].id}&department={care.id}"
    assert manager.get(export).get_data() == hr.get(export).get_data()


def test_a_manager_is_refused_other_departments_and_company_wide_pages(app, company):
    care, sales = company["depts"]["Care"], company["depts"]["Sales"]
    manager = manager_client(app, care)
    spring = company["spring"].id
    assert manager.get(f"/insights/departments/{sales.id}").status_code == 403
    assert (
        manager.get(
            f"/insights/export/department.csv?cycle={spring}&department={sales.id}"
        ).status_code
        == 403
    )
    for path in (
        "/insights/heatmap",
        "/insights/training",
        "/insights/reliability",
        "/insights/tokens",
        f"/insights/export/scores.csv?cycle={spring}",
        f"/insights/export/participation.csv?cycle={spring}",
        "/assessment/cycles",
        "/training/assignments",
        "/api/v1/cycles",
    ):
        assert manager.get(path).status_code in (401, 403), path
    overview = manager.get("/insights/").get_data(as_text=True)
    assert "My departments" in overview
    assert "Care" in overview
    assert "Sales" not in overview


def test_every_route_refuses_a_manager_unless_it_is_theirs(app):
    """The route × role walk for managers: a person holding only the manager role gets
    403 from every route that does not name the manager role."""
    mine, other = factories.department("Mine"), factories.department("Other")
    manager = manager_client(app, mine)
    checked = 0
    for rule in _rules(app):
        roles = _required_roles(app, rule)
        if not roles or "manager" in roles:
            continue
        url = _sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = manager.open(url, method=method)
            checked += 1
            assert response.status_code == 403, (rule.endpoint, method, response.status_code)
    assert checked > 40
    # The routes that do name managers check the department on every request.
    scoped = {
        r.endpoint for r in _rules(app) if (roles := _required_roles(app, r)) and "manager" in roles
    }
    assert scoped >= {
        "insights.department",
        "insights.export",
        "training.people",
        "training.remind",
    }
    assert manager.get(f"/insights/departments/{other.id}").status_code == 403
    assert manager.get(f"/training/people?department={other.id}").status_code == 403
    assert manager.get(f"/training/people.csv?department={other.id}").status_code == 403
    assert manager.post("/training/remind", data={"department": str(other.id)}).status_code == 403
    assert manager.get(f"/insights/departments/{mine.id}").status_code == 200


def test_a_manager_without_departments_sees_nothing(app, company):
    manager = manager_client(app)
    page = manager.get("/insights/").get_data(as_text=True)
    assert "You do not manage any department yet" in page
    care = company["depts"]["Care"]
    assert manager.get(f"/insights/departments/{care.id}").status_code == 403
    people = manager.get("/training/people").get_data(as_text=True)
    assert "There is nobody in these departments yet." in people
    assert "Care" not in people


def test_admins_give_the_manager_role_with_its_departments(app, as_role):
    sales = factories.department("Sales")
    admin = as_role("admin")
    person = factories.user()
    base = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "department": str(person.department_id),
        "roles": ["manager"],
    }
    response = admin.post(f"/admin/users/{person.id}", data=base)
    assert response.status_code == 422
    assert "Choose the departments this manager manages." in response.get_data(as_text=True)
    admin.post(f"/admin/users/{person.id}", data={**base, "managed": [str(sales.id)]})
    db.session.refresh(person)
    assert person.roles == {"manager"}
    assert person.managed_department_ids == {sales.id}
    admin.post(f"/admin/users/{person.id}", data={**base, "roles": []})
    db.session.refresh(person)
    assert person.managed_department_ids == frozenset()
