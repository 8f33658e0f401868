"""An administrator imports people from a file, invites one of them, and that person
follows the emailed link, chooses a password and logs in."""

from __future__ import annotations

import os
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

HEADER = "email,given_name,family_name,employee_number,department,roles,language"


def invitation_path(outbox: Path, email: str) -> str:
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["To"] == email:
            text = message.get_body(("plain",)).get_content()
            return re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+", text).group(0))
    raise AssertionError(f"no email to {email} in {outbox}")


def test_import_invite_and_first_login(visit, make_person, live_app, tmp_path):
    page = visit.page
    suffix = os.urandom(3).hex()
    invitee = f"ines.{suffix}@example.com"
    good = f"{invitee},Ines,Fontana,IF-{suffix},Customer Service,,en"
    bad = f"bruno.{suffix}@example.com,Bruno,Neri,,Customer Service,boss,"
    with_bad_row = tmp_path / "people.csv"
    with_bad_row.write_text(f"{HEADER}\n{good}\n{bad}\n", encoding="utf-8")
    fixed = tmp_path / "people-fixed.csv"
    fixed.write_text(f"{HEADER}\n{good}\n", encoding="utf-8")

    visit.login(make_person("admin", department="Customer Service"))
    visit.navigate(lambda: page.get_by_role("link", name="Administration").click())
    assert page.get_by_role("heading", level=1).inner_text() == "People"
    visit.navigate(lambda: page.get_by_role("link", name="Import from a file").click())

    # Dry run: the bad row is named, nothing is saved, and there is no way to import it.
    page.get_by_label("CSV file").set_input_files(with_bad_row)
    visit.navigate(lambda: page.get_by_role("button", name="Check the file").click())
    report = page.locator("table").inner_text()
    assert "unknown role “boss”" in report
    assert "Rejected rows: 1" in page.locator(".summary-list").inner_text()
    assert page.get_by_role("button", name="Import these rows").count() == 0

    # Real run of the same file: all or nothing, so nothing.
    page.get_by_label("CSV file").set_input_files(with_bad_row)
    visit.navigate(lambda: page.get_by_role("button", name="Import", exact=True).click())
    assert "Nothing was imported" in page.get_by_role("status").first.inner_text()

    # The corrected file: check, then import from the report without choosing it again.
    page.get_by_label("CSV file").set_input_files(fixed)
    visit.navigate(lambda: page.get_by_role("button", name="Check the file").click())
    assert "Every row is valid" in page.get_by_role("status").first.inner_text()
    visit.navigate(lambda: page.get_by_role("button", name="Import these rows").click())
    assert "Import complete: 1 created" in page.get_by_role("status").first.inner_text()

    # Find Ines and invite her.
    visit.navigate(lambda: page.get_by_role("link", name="People").click())
    page.get_by_label("Search").fill("Fontana")
    visit.navigate(lambda: page.get_by_role("button", name="Filter").click())
    visit.navigate(lambda: page.get_by_role("link", name="Ines Fontana").click())
    assert "No password yet" in page.locator(".page-head").inner_text()
    visit.navigate(lambda: page.get_by_role("button", name="Send an invitation").click())
    assert f"An invitation has been sent to {invitee}." in page.locator(".flashes").inner_text()

    page.locator("summary").click()
    visit.navigate(lambda: page.get_by_role("button", name="Log out").click())

    # Ines follows the link from her email.
    visit.goto(invitation_path(Path(live_app.config["MAIL_OUTBOX_DIR"]), invitee))
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ines"
    page.get_by_label("New password", exact=True).fill("ines chooses a passphrase")
    page.get_by_label("Repeat the new password").fill("ines chooses a passphrase")
    visit.navigate(lambda: page.get_by_role("button", name="Save password").click())
    assert "Your password is set." in page.locator(".flashes").inner_text()

    visit.login(invitee, password="ines chooses a passphrase")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Ines"


def test_admin_pages_on_a_phone(any_visit, make_person):
    visit, page = any_visit, any_visit.page
    visit.login(make_person("admin"))
    for path in ("/admin/users", "/admin/users/new", "/admin/departments", "/admin/import"):
        visit.goto(path)
    visit.goto("/admin/audit")
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"
    visit.goto("/account/")
    assert page.get_by_role("link", name="Download my data (JSON)").count() == 1
    page.locator("summary").click()
    visit.navigate(lambda: page.get_by_role("button", name="Log out").click())
    visit.navigate(lambda: page.get_by_role("link", name="Forgot your password?").click())
    visit.goto("/auth/invitation/not-a-real-token")
    assert page.get_by_role("heading", level=1).inner_text() == "Link not usable"
