"""Inviting many at once: from the people list and from an import report, sent by a job,
counted, and never a second live link for anyone."""

from __future__ import annotations

import re

from sqlalchemy import select

from academy.extensions import db
from academy.models import Delivery, DeliveryStatus, User
from tests import factories
from tests.admin.helpers import csv_file, link_in, outbox
from tests.conftest import login


def _job_page(admin, response) -> str:
    assert response.status_code == 303
    assert re.match(r"^/jobs/\d+$", response.headers["Location"])
    return admin.get(response.headers["Location"]).get_data(as_text=True)


def test_people_without_a_password_are_invited_from_the_filtered_list(app, admin):
    sales = factories.department("Sales")
    legal = factories.department("Legal")
    waiting = [factories.user(dept=sales, password=None) for _ in range(3)]
    factories.user(dept=sales)  # has a password: not invited
    factories.user(dept=legal, password=None)  # other department: not in the filter
    factories.user(dept=sales, password=None, active=False)  # deactivated: never invited
    page = admin.get(f"/admin/users?department={sales.id}").get_data(as_text=True)
    assert "3 people in this list have no password yet." in page
    response = admin.post("/admin/users/invite", data={"department": str(sales.id)})
    page = _job_page(admin, response)
    assert "Invitations" in page
    assert re.search(r'data-job-count="sent">3<', page)
    assert sorted(m["To"] for m in outbox(app)) == sorted(p.email for p in waiting)
    # Each link works.
    person = waiting[0]
    message = next(m for m in outbox(app) if m["To"] == person.email)
    client = app.test_client()
    password = "a brand new password"
    client.post(link_in(message), data={"new_password": password, "confirm": password})
    assert login(app.test_client(), person, password).status_code == 302


def test_inviting_again_skips_people_whose_link_still_works(app, admin):
    people = [factories.user(password=None) for _ in range(2)]
    admin.post("/admin/users/invite", data={"status": "no_password"})
    assert len(outbox(app)) == 2
    page = _job_page(admin, admin.post("/admin/users/invite", data={}))
    assert len(outbox(app)) == 2  # nobody got a second link
    assert re.search(r'data-job-count="skipped">2<', page)
    reasons = set(
        db.session.scalars(select(Delivery.reason).where(Delivery.status == DeliveryStatus.SKIPPED))
    )
    assert reasons == {"live_link"}
    assert all(p.password_hash is None for p in people)


def test_a_single_reinvitation_replaces_the_earlier_link(app, admin):
    person = factories.user(password=None)
    admin.post(f"/admin/users/{person.id}/invite")
    admin.post(f"/admin/users/{person.id}/invite")
    first, second = (m for m in outbox(app) if m["To"] == person.email)
    client = app.test_client()
    assert client.get(link_in(first)).status_code == 410  # the old link no longer works
    assert client.get(link_in(second)).status_code == 200
    # Bulk sending now skips the person: their (second) link is live.
    admin.post("/admin/users/invite", data={})
    assert len(outbox(app)) == 2


def test_the_import_report_offers_to_invite_the_new_people(app, admin):
    data = csv_file(
        "ann@example.com,Ann,Smith,,Sales,,it",
        "bob@example.com,Bob,Jones,,Sales,,en",
    )
    page = admin.post(
        "/admin/import",
        data={
            "file": (__import__("io").BytesIO(data), "people.csv"),
            "apply": "y",
            "create_departments": "y",
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "2 people in this file have no password yet." in page
    ids = re.search(r'name="ids" value="([0-9,]+)"', page).group(1)
    response = admin.post("/admin/users/invite", data={"ids": ids})
    _job_page(admin, response)
    messages = {m["To"]: m for m in outbox(app)}
    assert set(messages) == {"ann@example.com", "bob@example.com"}
    assert messages["ann@example.com"]["Subject"] != messages["bob@example.com"]["Subject"]


def test_invitation_ids_that_are_not_people_without_a_password_are_ignored(app, admin):
    ready = factories.user()
    response = admin.post("/admin/users/invite", data={"ids": f"{ready.id},0,x,99999999999"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/users")
    assert outbox(app) == []


def test_only_admins_invite_in_bulk(app, as_role):
    factories.user(password=None)
    for roles in ((), ("hr",), ("manager",)):
        assert as_role(*roles).post("/admin/users/invite", data={}).status_code == 403
    assert db.session.scalar(select(Delivery.id)) is None
    assert db.session.scalar(select(User.id).where(User.password_hash.is_(None))) is not None
