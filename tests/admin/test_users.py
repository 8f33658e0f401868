"""People administration: list, search, create, edit, deactivate and reactivate."""

from __future__ import annotations

import re

from sqlalchemy import select

from academy.extensions import db
from academy.models import AuditEvent, User, utcnow
from tests import factories
from tests.admin.helpers import outbox
from tests.conftest import login


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def names_on(html: str) -> list[str]:
    return re.findall(r'<td><a href="/admin/users/\d+">([^<]+)</a></td>', html)


def test_navigation_links_to_the_users_list(admin):
    html = admin.get("/").get_data(as_text=True)
    assert 'href="/admin/users">Administration</a>' in html
    assert admin.get("/admin/").headers["Location"] == "/admin/users"


def test_list_is_paginated_by_25_and_keeps_filters(app, admin):
    sales = factories.department("Sales", "sales")
    for n in range(30):
        factories.user(dept=sales, given_name=f"Seller{n:02d}", family_name="Sales")
    page1 = admin.get(f"/admin/users?department={sales.id}").get_data(as_text=True)
    assert len(names_on(page1)) == 25
    assert "30 people" in page1
    assert "Page 1 of 2" in page1
    next_link = re.search(r'<a rel="next" href="([^"]+)"', page1).group(1).replace("&amp;", "&")
    assert f"department={sales.id}" in next_link
    page2 = admin.get(next_link).get_data(as_text=True)
    assert len(names_on(page2)) == 5
    assert set(names_on(page1)).isdisjoint(names_on(page2))


def test_search_by_name_email_or_employee_number(app, admin):
    giulia = factories.user(given_name="Giulia", family_name="Verdi", email="gv@example.com")
    factories.user(given_name="Marco", family_name="Neri", email="mn@example.com")
    giulia.employee_number = "E-4242"
    db.session.commit()
    for q in ("giulia verdi", "VERDI", "gv@exa", "4242"):
        html = admin.get("/admin/users", query_string={"q": q}).get_data(as_text=True)
        assert names_on(html) == ["Giulia Verdi"], q
    # LIKE wildcards typed by the admin are taken literally.
    html = admin.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    assert names_on(html) == []
    assert "No one matches these filters." in html


def test_filter_by_role_and_status(app, admin):
    factories.user("hr", given_name="Hanna", family_name="Hr")
    factories.user(given_name="Old", family_name="Timer", active=False)
    html = admin.get("/admin/users?role=hr").get_data(as_text=True)
    assert names_on(html) == ["Hanna Hr"]
    html = admin.get("/admin/users?status=inactive").get_data(as_text=True)
    assert names_on(html) == ["Old Timer"]
    assert "Deactivated" in html
    everyone = names_on(admin.get("/admin/users").get_data(as_text=True))
    assert {"Hanna Hr", "Old Timer", admin.user.name} <= set(everyone)


def test_create_a_person_and_invite_them(app, admin):
    sales = factories.department("Sales", "sales")
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "New.Person@Example.com",
            "given_name": "New",
            "family_name": "Person",
            "employee_number": "E5",
            "department": str(sales.id),
            "roles": ["trainer", "hr"],
            "language": "it",
            "invite": "y",
        },
    )
    assert response.status_code == 302
    person = User.by_email("new.person@example.com")
    assert (person.name, person.department, person.roles) == (
        "New Person",
        sales,
        {"trainer", "hr"},
    )
    assert (person.language, person.employee_number, person.password_hash) == ("it", "E5", None)
    assert response.headers["Location"] == f"/admin/users/{person.id}"
    assert [m["To"] for m in outbox(app)] == ["new.person@example.com"]
    assert [e.target_id for e in events("user.created")] == [str(person.id)]
    assert events("user.roles_changed")[0].details == {"added": ["hr", "trainer"], "removed": []}


def test_create_validates_and_keeps_what_was_typed(app, admin):
    taken = factories.user(email="taken@example.com")
    taken.employee_number = "E1"
    db.session.commit()
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "TAKEN@example.com",
            "given_name": "",
            "family_name": "Kept",
            "employee_number": "E1",
            "department": str(taken.department_id),
            "roles": ["boss"],
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A person with this email already exists." in html
    assert "Enter the given name." in html
    assert "Another person already has this employee number." in html
    assert "Not a valid choice" in html
    assert 'value="Kept"' in html
    assert User.query.count() == 2


def test_archived_departments_are_not_offered_and_refused(app, admin):
    archived = factories.department("Old Branch", "old-branch")
    archived.archived_at = utcnow()
    db.session.commit()
    html = admin.get("/admin/users/new").get_data(as_text=True)
    assert "Old Branch" not in html
    response = admin.post(
        "/admin/users/new",
        data={"email": "x@example.com", "given_name": "X", "department": str(archived.id)},
    )
    assert response.status_code == 422
    assert User.by_email("x@example.com") is None


def test_edit_name_department_roles_and_language(app, admin):
    person = factories.user("trainer", given_name="Edo", family_name="Before")
    target = factories.department("Target", "target")
    response = admin.post(
        f"/admin/users/{person.id}",
        data={
            "given_name": "Edo",
            "family_name": "After",
            "department": str(target.id),
            "roles": ["hr"],
            "language": "it",
        },
    )
    assert response.status_code == 302
    assert (person.name, person.department, person.roles, person.language) == (
        "Edo After",
        target,
        {"hr"},
        "it",
    )
    [updated] = events("user.updated")
    assert updated.details == {"fields": ["family_name", "language", "department"]}
    assert updated.actor_id == admin.user.id
    [roles] = events("user.roles_changed")
    assert roles.details == {"added": ["hr"], "removed": ["trainer"]}
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Changes to Edo After have been saved." in page


def test_saving_without_changes_records_nothing(app, admin):
    person = factories.user()
    admin.post(
        f"/admin/users/{person.id}",
        data={
            "given_name": person.given_name,
            "family_name": person.family_name,
            "department": str(person.department_id),
        },
    )
    assert events("user.updated") == []
    assert events("user.roles_changed") == []


def test_admin_cannot_lock_themselves_out(app, admin):
    me = admin.user
    response = admin.post(
        f"/admin/users/{me.id}",
        data={"given_name": me.given_name, "department": str(me.department_id), "roles": []},
    )
    assert response.status_code == 422
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    assert me.roles == {"admin"}
    page = admin.post(f"/admin/users/{me.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in page.get_data(as_text=True)
    assert me.active


def test_an_admin_can_deactivate_another_admin(app, admin):
    other = factories.user("admin", given_name="Second", family_name="Admin")
    admin.post(f"/admin/users/{other.id}/deactivate")
    assert not other.active
    assert admin.user.active


def test_deactivation_ends_sessions_and_login(app, admin):
    person = factories.user(given_name="Dora", family_name="Gone")
    theirs = app.test_client()
    login(theirs, person)
    assert theirs.get("/").status_code == 200
    response = admin.post(f"/admin/users/{person.id}/deactivate", follow_redirects=True)
    assert "Dora Gone has been deactivated" in response.get_data(as_text=True)
    assert person.active is False
    assert theirs.get("/").status_code == 302
    assert login(app.test_client(), person).status_code == 422
    assert [e.target_id for e in events("user.deactivated")] == [str(person.id)]
    # They leave the headcount of their department.
    html = admin.get("/admin/departments").get_data(as_text=True)
    assert f'aria-label="0 active people in {person.department.name}"' in html


def test_reactivation_lets_them_log_in_again(app, admin):
    person = factories.user(active=False)
    response = admin.post(f"/admin/users/{person.id}/reactivate", follow_redirects=True)
    assert "has been reactivated" in response.get_data(as_text=True)
    assert login(app.test_client(), person).status_code == 302
    assert len(events("user.reactivated")) == 1


def test_reactivation_into_an_archived_department_is_refused(app, admin):
    person = factories.user(active=False)
    person.department.archived_at = utcnow()
    db.session.commit()
    page = admin.post(f"/admin/users/{person.id}/reactivate", follow_redirects=True)
    assert "move them to another department first" in page.get_data(as_text=True)
    assert not person.active


def test_state_changes_need_post(app, admin):
    person = factories.user()
    for action in ("deactivate", "reactivate", "invite", "password-link"):
        assert admin.get(f"/admin/users/{person.id}/{action}").status_code == 405
    assert admin.get(f"/admin/users/{person.id}/delete").status_code == 200
    assert db.session.get(User, person.id) is not None
    assert admin.get("/admin/users/999999").status_code == 404


def test_admin_forms_need_the_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    admin_user = factories.user("admin")
    person = factories.user()
    client = app.test_client()
    html = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(
        "/auth/login",
        data={"email": admin_user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert client.post(f"/admin/users/{person.id}/deactivate").status_code == 400
    assert person.active
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(f"/admin/users/{person.id}/deactivate", data={"csrf_token": token})
    db.session.refresh(person)
    assert not person.active
