"""The audit log page: every action readable, filters, pages."""

from __future__ import annotations

import re

from academy.audit import record
from academy.extensions import db
from tests import factories


def rows(html: str) -> int:
    return len(re.findall(r'<td class="nowrap">', html))


def test_lists_actions_with_who_what_and_target(app, admin):
    person = factories.user(email="target@example.com")
    admin.post(f"/admin/users/{person.id}/deactivate")
    html = admin.get("/admin/audit").get_data(as_text=True)
    assert "Person deactivated" in html
    assert admin.user.email in html
    assert "target@example.com" in html


def test_actions_of_other_features_are_shown_even_when_unknown(app, admin):
    hr = factories.user("hr", given_name="Hilde", family_name="Hr")
    record(hr, "cycle.opened", target_type="cycle", target_id=3, target_label="Spring 2027")
    record(hr, "insights.snapshot_taken", target_type="report", details_text="q3")
    db.session.commit()
    html = admin.get("/admin/audit").get_data(as_text=True)
    assert "Assessment cycle opened" in html
    assert "Spring 2027" in html
    assert "insights.snapshot_taken" in html  # no label known: the action as recorded
    assert "report" in html
    assert "details text:</span> q3" in html


def test_filters_and_pagination(app, admin):
    actor = factories.user("hr", given_name="Paging", family_name="Tester")
    for n in range(60):
        record(actor, "export.downloaded", target_type="export", target_label=f"export {n}")
    record(actor, "token.created", target_type="token", target_label="Power BI")
    db.session.commit()

    everything = admin.get("/admin/audit").get_data(as_text=True)
    assert rows(everything) == 50
    assert "Page 1 of 2" in everything

    tokens = admin.get("/admin/audit?action=token.created").get_data(as_text=True)
    assert rows(tokens) == 1
    assert "Power BI" in tokens

    page2 = admin.get("/admin/audit?action=export.downloaded&page=2").get_data(as_text=True)
    assert rows(page2) == 10
    assert 'rel="prev" href="/admin/audit?page=1&amp;action=export.downloaded"' in page2

    by_target = admin.get("/admin/audit?q=export+4").get_data(as_text=True)
    assert rows(by_target) == 11  # export 4 and export 40-49
    by_actor = admin.get("/admin/audit?q=paging").get_data(as_text=True)
    assert rows(by_actor) == 50
    empty = admin.get("/admin/audit?q=nothing-like-this").get_data(as_text=True)
    assert "No entries match these filters." in empty


def test_entries_about_one_person(app, admin):
    person = factories.user(given_name="Solo", family_name="Person")
    other = factories.user()
    admin.post(f"/admin/users/{person.id}/deactivate")
    admin.post(f"/admin/users/{other.id}/deactivate")
    html = admin.get(f"/admin/audit?user={person.id}").get_data(as_text=True)
    assert rows(html) == 1
    assert "Showing entries by or about Solo Person." in html


def test_empty_log(app, admin):
    assert "Nothing has been recorded yet." in admin.get("/admin/audit").get_data(as_text=True)
