"""Importing people from CSV: the command and the upload page share one set of rules."""

from __future__ import annotations

import base64
import io
import re

import pytest
from sqlalchemy import select

from academy.admin.import_routes import unpack
from academy.extensions import db
from academy.models import AuditEvent, Department, User
from tests import factories
from tests.admin.helpers import HEADER, csv_file, snapshot

GOOD_ROWS = (
    "giulia.verdi@example.com,Giulia,Verdi,E1001,Sales,,it",
    "marco.neri@example.com,Marco,Neri,E1002,sales,hr;admin,en",
    "sara.blu@example.com,Sara,Blu,,Customer Service,trainer hr,",
)


@pytest.fixture
def sales(app):
    return factories.department("Sales", "sales")


def write(tmp_path, data: bytes, name: str = "people.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(runner, tmp_path, data: bytes, *options: str):
    return runner.invoke(args=["users", "import", write(tmp_path, data), *options])


# --- the command -------------------------------------------------------------------


def test_dry_run_reports_every_row_and_writes_nothing(app, runner, tmp_path, sales):
    before = snapshot()
    result = run(runner, tmp_path, csv_file(*GOOD_ROWS), "--dry-run", "--create-departments")
    assert result.exit_code == 0, result.output
    assert "line 2     create     giulia.verdi@example.com" in result.output
    assert "line 4     create     sara.blu@example.com" in result.output
    assert "New departments would be created: Customer Service" in result.output
    assert "Dry run: 3 to create, 0 to update, 0 unchanged, 0 rejected." in result.output
    assert snapshot() == before


def test_real_run_creates_people_roles_languages_and_departments(app, runner, tmp_path, sales):
    result = run(runner, tmp_path, csv_file(*GOOD_ROWS), "--create-departments")
    assert result.exit_code == 0, result.output
    assert "Imported: 3 created, 0 updated, 0 unchanged." in result.output
    marco = User.by_email("marco.neri@example.com")
    assert (marco.name, marco.department.slug, marco.roles) == (
        "Marco Neri",
        "sales",
        {"hr", "admin"},
    )
    assert (marco.employee_number, marco.language, marco.password_hash) == ("E1002", "en", None)
    sara = User.by_email("sara.blu@example.com")
    assert sara.roles == {"trainer", "hr"}
    assert (sara.department.name, sara.department.slug) == ("Customer Service", "customer-service")
    assert sara.language is None
    assert sara.employee_number is None
    assert User.by_email("giulia.verdi@example.com").language == "it"
    event = next(e for e in AuditEvent.query.all() if e.action == "users.imported")
    assert event.actor_id is None
    assert event.target_label == "people.csv"
    assert event.details["source"] == "cli"
    assert (event.details["created"], event.details["departments_created"]) == (
        3,
        ["Customer Service"],
    )
    roles_events = [e for e in AuditEvent.query.all() if e.action == "user.roles_changed"]
    assert {e.target_label for e in roles_events} == {
        "marco.neri@example.com",
        "sara.blu@example.com",
    }


def test_unknown_departments_are_created_only_when_asked(app, runner, tmp_path, sales):
    before = snapshot()
    result = run(runner, tmp_path, csv_file(*GOOD_ROWS))
    assert result.exit_code == 1
    assert (
        "line 4     REJECTED   sara.blu@example.com: unknown department “Customer Service”"
        in result.output
    )
    assert "Nothing was imported (2 to create, 0 to update, 0 unchanged, 1 rejected)" in (
        result.output
    )
    assert snapshot() == before
    assert Department.query.filter_by(slug="customer-service").first() is None


def test_reimporting_the_same_file_changes_nothing(app, runner, tmp_path, sales):
    data = csv_file(*GOOD_ROWS)
    assert run(runner, tmp_path, data, "--create-departments").exit_code == 0
    users_before = {k: v for k, v in snapshot().items() if k != "audit_events"}
    again = run(runner, tmp_path, data, "--create-departments")
    assert again.exit_code == 0, again.output
    assert "Imported: 0 created, 0 updated, 3 unchanged." in again.output
    assert {k: v for k, v in snapshot().items() if k != "audit_events"} == users_before
    # Only the import itself is logged: no role changes the second time.
    actions = [e.action for e in AuditEvent.query.order_by(AuditEvent.id).all()]
    assert actions.count("user.roles_changed") == 2
    assert actions.count("users.imported") == 2


def test_existing_people_are_updated_by_email_or_employee_number(app, runner, tmp_path, sales):
    other = factories.department("Operations", "operations")
    by_email = factories.user("trainer", email="anna@example.com", dept=sales, language="it")
    by_number = factories.user(email="old.address@example.com", dept=sales)
    by_number.employee_number = "E77"
    db.session.commit()
    data = csv_file(
        "ANNA@example.com,Anna,Rossi,,operations,,",
        "new.address@example.com,Bruno,Gialli,E77,Sales,admin,en",
    )
    result = run(runner, tmp_path, data)
    assert result.exit_code == 0, result.output
    assert "ANNA@example.com (given_name, family_name, department, roles)" in result.output
    assert "new.address@example.com (email, given_name, family_name, roles, language)" in (
        result.output
    )
    assert (by_email.name, by_email.department, by_email.roles) == ("Anna Rossi", other, set())
    # An empty language cell keeps the person's own choice.
    assert by_email.language == "it"
    assert by_number.email == "new.address@example.com"
    assert by_number.roles == {"admin"}
    assert User.by_email("old.address@example.com") is None


def test_file_without_roles_column_leaves_roles_alone(app, runner, tmp_path, sales):
    person = factories.user("hr", email="keep@example.com", dept=sales)
    data = csv_file("keep@example.com,Keeper,sales", header="email,given_name,department")
    assert run(runner, tmp_path, data).exit_code == 0
    assert person.roles == {"hr"}
    assert person.given_name == "Keeper"


def test_rejected_rows_name_the_problem_and_nothing_is_written(app, runner, tmp_path, sales):
    factories.user(email="taken@example.com", dept=sales).employee_number = "E9"
    factories.user(email="num@example.com", dept=sales)
    db.session.commit()
    data = csv_file(
        "ok@example.com,Okay,Person,,sales,,",
        "not-an-email,Bad,Email,,sales,,",
        "dup@example.com,First,Copy,,sales,,",
        "DUP@example.com,Second,Copy,,sales,,",
        "roles@example.com,Bad,Roles,,sales,hr;boss,",
        "lang@example.com,Bad,Language,,sales,,fr",
        "num@example.com,Taken,Number,E9,sales,,",
        ",No,Email,,sales,,",
        "noname@example.com,,Nameless,,sales,,",
        "short@example.com,Too,Short",
    )
    before = snapshot()
    result = run(runner, tmp_path, data)
    out = result.output
    assert result.exit_code == 1
    assert "line 3     REJECTED   not-an-email: “not-an-email” is not a valid email address" in out
    assert "line 4     REJECTED   dup@example.com: dup@example.com appears more than once" in out
    assert "line 5     REJECTED   DUP@example.com: DUP@example.com appears more than once" in out
    assert "unknown role “boss”: use trainer, hr or admin" in out
    assert "unknown language “fr” (use en, it or leave it empty)" in out
    assert "employee number E9 belongs to another person (taken@example.com)" in out
    assert "line 9     REJECTED   -: email is empty" in out
    assert "line 10    REJECTED   noname@example.com: given_name is empty" in out
    assert "line 11    REJECTED   -: this row has 3 values but the header has 7 columns" in out
    assert "line 2     create     ok@example.com" in out
    assert "Nothing was imported (1 to create, 0 to update, 0 unchanged, 9 rejected)" in out
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "email,given_name,department\nlucia@example.com,Lucìa,sales\n".encode("latin-1"),
            "is not UTF-8 text (the byte at position 50 cannot be read)",
        ),
        (b"email,given_name\na@example.com,A\n", "Missing required column(s): department."),
        (
            b"email,givenname,department,manager\n",
            "Unknown column(s): givenname, manager. The columns are: email, given_name,",
        ),
        (b"email,email,given_name,department\n", "Repeated column(s): email."),
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\n\n", "The file is empty."),
        (b"\x00\x01PK\x03\x04", "The file contains binary data"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(app, runner, tmp_path, data, message):
    before = snapshot()
    result = run(runner, tmp_path, data)
    assert result.exit_code == 1
    assert message in result.output
    assert snapshot() == before


def test_bom_semicolons_and_scim_style_headers_are_understood(app, runner, tmp_path, sales):
    data = (
        "\ufeffEmail;givenName;Family Name;department;roles\n"
        "zoe@example.com;Zoë;Ré;Sales;hr admin\n"
    )
    result = run(runner, tmp_path, data.encode("utf-8"))
    assert result.exit_code == 0, result.output
    zoe = User.by_email("zoe@example.com")
    assert (zoe.name, zoe.roles) == ("Zoë Ré", {"hr", "admin"})


def test_archived_department_cannot_receive_people(app, runner, tmp_path, sales):
    sales.archived_at = sales.created_at
    db.session.commit()
    result = run(runner, tmp_path, csv_file("x@example.com,X,Y,,sales,,"))
    assert result.exit_code == 1
    assert "the department “Sales” is archived" in result.output


def test_import_cannot_leave_the_site_without_an_administrator(app, runner, tmp_path, sales):
    factories.user("admin", email="only.admin@example.com", dept=sales)
    result = run(runner, tmp_path, csv_file("only.admin@example.com,Only,Admin,,sales,,"))
    assert result.exit_code == 1
    assert "After this import nobody would be an active administrator." in result.output
    assert User.by_email("only.admin@example.com").roles == {"admin"}


def test_large_file_shows_progress_and_imports_in_one_go(app, runner, tmp_path, sales):
    rows = [f"person{n}@example.com,Person,Number {n},N{n},sales,," for n in range(600)]
    result = run(runner, tmp_path, csv_file(*rows))
    assert result.exit_code == 0, result.output[-500:]
    assert "Checking rows" in result.output
    assert "Imported: 600 created" in result.output
    assert User.query.filter(User.email.like("person%@example.com")).count() == 600


# --- the upload page ---------------------------------------------------------------


def upload(client, data: bytes, button: str = "check", create: bool = False, name="people.csv"):
    form = {"file": (io.BytesIO(data), name), button: "1"}
    if create:
        form["create_departments"] = "y"
    return client.post("/admin/import", data=form, content_type="multipart/form-data")


def test_upload_check_then_import_from_the_report(app, admin, sales):
    before = snapshot()
    page = upload(admin, csv_file(*GOOD_ROWS), create=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Check complete, nothing saved yet. Every row is valid." in html
    assert "New people: 3" in html
    assert "New departments: Customer Service." in html
    assert snapshot() == before

    content = re.search(r'name="content" type="hidden" value="([^"]+)"', html).group(1)
    assert unpack(content, 5 * 1024 * 1024) == csv_file(*GOOD_ROWS)
    done = admin.post(
        "/admin/import/confirm",
        data={"content": content, "filename": "people.csv", "create_departments": "1"},
    )
    assert "Import complete: 3 created, 0 updated, 0 unchanged." in done.get_data(as_text=True)
    assert User.by_email("sara.blu@example.com").department.name == "Customer Service"
    event = db_event("users.imported")
    assert (event.actor_id, event.details["source"]) == (admin.user.id, "web")


def db_event(action: str) -> AuditEvent:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


def test_upload_with_a_bad_row_imports_nothing(app, admin, sales):
    data = csv_file(GOOD_ROWS[0], "broken@example.com,Broken,Row,,sales,boss,")
    checked = upload(admin, data).get_data(as_text=True)
    assert "Rejected rows: 1" in checked
    assert "unknown role “boss”" in checked
    assert 'name="content"' not in checked  # no way to import a file with errors
    before = snapshot()
    response = upload(admin, data, button="apply")
    assert response.status_code == 422
    assert "Nothing was imported: fix the rejected rows" in response.get_data(as_text=True)
    assert snapshot() == before


def test_upload_of_a_file_in_another_encoding(app, admin):
    response = upload(admin, (HEADER + "\nà@example.com,À,,,x,,\n").encode("cp1252"))
    assert response.status_code == 422
    assert "The file is not UTF-8 text" in response.get_data(as_text=True)


def test_upload_needs_a_file(app, admin):
    response = admin.post("/admin/import", data={"check": "1"})
    assert response.status_code == 422
    assert "Choose a CSV file." in response.get_data(as_text=True)


def test_admin_cannot_drop_their_own_admin_role_by_import(app, admin, sales):
    data = csv_file(f"{admin.user.email},Me,Myself,,sales,hr,")
    html = upload(admin, data, button="apply").get_data(as_text=True)
    assert "you cannot remove your own administrator role" in html
    assert admin.user.roles == {"admin"}


@pytest.mark.parametrize("content", ["%%%not base64", base64.b64encode(b"not compressed")])
def test_confirm_with_damaged_content_asks_for_the_file_again(app, admin, content):
    response = admin.post("/admin/import/confirm", data={"content": content})
    assert response.status_code == 422
    assert "Choose it again" in response.get_data(as_text=True)
    assert User.query.count() == 1


def test_a_large_checked_file_comes_back_whole(app, admin, sales):
    rows = [f"bulk{n}@example.com,Bulk,Person {n},B{n:05d},sales,,en" for n in range(10000)]
    data = csv_file(*rows)
    assert len(data) > 500_000
    html = upload(admin, data).get_data(as_text=True)
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', html).group(1)
    done = admin.post("/admin/import/confirm", data={"content": content, "filename": "bulk.csv"})
    assert "Import complete: 10000 created" in done.get_data(as_text=True)
