"""Departments: create, rename, archive, restore, and merge keeping history."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import Answer, AuditEvent, Department, Response, utcnow
from tests import factories
from tests.cycles import answered_cycle, answers


def event(action: str) -> AuditEvent:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


def test_create_with_a_generated_slug(app, admin):
    response = admin.post("/admin/departments", data={"name": "Après-Vente & Care"})
    assert response.status_code == 302
    dept = db.session.scalar(select(Department).where(Department.name == "Après-Vente & Care"))
    assert dept.slug == "apres-vente-care"
    page = admin.get("/admin/departments").get_data(as_text=True)
    assert "The department Après-Vente &amp; Care has been created." in page
    assert event("department.created").target_label == "Après-Vente & Care"


def test_slug_must_be_unique_and_well_formed(app, admin):
    factories.department("Sales", "sales")
    response = admin.post("/admin/departments", data={"name": "Sales Two", "slug": "sales"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Another department already uses this short name." in html
    assert 'value="Sales Two"' in html
    bad = admin.post("/admin/departments", data={"name": "X", "slug": "Not a slug!"})
    assert "Use lowercase letters, digits and hyphens." in bad.get_data(as_text=True)
    count = db.session.scalar(select(func.count()).select_from(Department))
    assert count == 2  # Sales and the administrator's own department


def test_rename(app, admin):
    dept = factories.department("Sales", "sales")
    response = admin.post(
        f"/admin/departments/{dept.id}", data={"name": "Sales EMEA", "slug": "sales-emea"}
    )
    assert response.status_code == 302
    assert (dept.name, dept.slug) == ("Sales EMEA", "sales-emea")
    assert event("department.renamed").details == {
        "old_name": "Sales",
        "old_slug": "sales",
        "slug": "sales-emea",
    }
    other = factories.department("Ops", "ops")
    clash = admin.post(f"/admin/departments/{other.id}", data={"name": "Ops", "slug": "sales-emea"})
    assert clash.status_code == 422


def test_archive_needs_an_empty_department_and_hides_it(app, admin):
    dept = factories.department("Closing", "closing")
    person = factories.user(dept=dept)
    page = admin.post(f"/admin/departments/{dept.id}/archive", follow_redirects=True)
    assert "Closing still has active people (1)" in page.get_data(as_text=True)
    assert not dept.archived
    person.active = False
    db.session.commit()
    page = admin.post(f"/admin/departments/{dept.id}/archive", follow_redirects=True)
    assert "The department Closing has been archived." in page.get_data(as_text=True)
    assert dept.archived
    assert "Closing" not in admin.get("/admin/users/new").get_data(as_text=True)
    # The deactivated person keeps it, and it is shown as archived on their page.
    assert "Closing (archived)" in admin.get(f"/admin/users/{person.id}").get_data(as_text=True)
    admin.post(f"/admin/departments/{dept.id}/restore")
    assert not dept.archived
    assert event("department.restored") is not None


def _answers_in(dept: Department) -> tuple[int, int]:
    responses = db.session.scalar(
        select(func.count()).select_from(Response).where(Response.department_id == dept.id)
    )
    answers = db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.department_id == dept.id)
    )
    return responses, answers


def test_merge_moves_people_and_keeps_answers_where_they_were_given(app, admin):
    source = factories.department("Helpdesk", "helpdesk")
    target = factories.department("Customer Care", "customer-care")
    movers = [factories.user(dept=source) for _ in range(3)]
    inactive = factories.user(dept=source, active=False)
    stayer = factories.user(dept=target)
    answered_cycle([movers[0], movers[1], stayer])
    page = admin.post(
        f"/admin/departments/{source.id}/merge",
        data={"target": str(target.id)},
        follow_redirects=True,
    )
    html = page.get_data(as_text=True)
    assert "Helpdesk has been merged into Customer Care: 4 people moved." in html
    assert all(u.department == target for u in [*movers, inactive, stayer])
    assert source.archived
    assert db.session.get(Department, source.id).name == "Helpdesk"
    # History stays under the department the answers were given in.
    items = len(answers())
    assert _answers_in(source) == (2, 2 * items)
    assert _answers_in(target) == (1, items)
    merged = event("department.merged")
    assert merged.details == {"merged": "Helpdesk", "merged_id": source.id, "people_moved": 4}
    assert merged.target_id == str(target.id)


def test_merge_refuses_itself_and_archived_targets(app, admin):
    source = factories.department("A", "a")
    archived = factories.department("B", "b")
    archived.archived_at = utcnow()
    db.session.commit()
    page = admin.post(
        f"/admin/departments/{source.id}/merge",
        data={"target": str(source.id)},
        follow_redirects=True,
    )
    assert "Not a valid choice" in page.get_data(as_text=True)
    admin.post(f"/admin/departments/{source.id}/merge", data={"target": str(archived.id)})
    assert not source.archived
    assert event("department.merged") is None


def test_empty_state(app, admin):
    html = admin.get("/admin/departments").get_data(as_text=True)
    assert "Create department" in html
