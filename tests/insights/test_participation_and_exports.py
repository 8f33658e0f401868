"""Participation per department and the CSV downloads."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from academy.extensions import db
from academy.models import AuditEvent


def _rows(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_participation_rates_and_low_flags(hr, company):
    page = hr.get(f"/insights/?cycle={company['spring'].id}").get_data(as_text=True)
    sales = page.split('<th scope="row">Sales</th>', 1)[1].split("</tr>", 1)[0]
    assert ">16<" in sales
    assert ">8<" in sales
    assert "50%" in sales
    assert "below 60%" in sales
    care = page.split('<th scope="row">Care</th>', 1)[1].split("</tr>", 1)[0]
    assert "83%" in care
    assert "below 60%" not in care
    # A department nobody answered in still counts in the headcount.
    empty = page.split('<th scope="row">Empty</th>', 1)[1].split("</tr>", 1)[0]
    assert ">4<" in empty
    assert "0%" in empty
    assert "below 60%" in empty
    # 41 people in the five departments, and the HR person in their own: 42 asked.
    assert "27 responses from the 42 people asked (64%)." in page


def test_participation_csv(hr, company):
    rows = _rows(hr.get(f"/insights/export/participation.csv?cycle={company['spring'].id}"))
    assert rows[0] == [
        "Department",
        "Asked when the cycle opened",
        "Joined since",
        "Responses",
        "Participation %",
        "Below 60%",
    ]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Sales"] == ["Sales", "16", "0", "8", "50.0", "yes"]
    assert by_name["Company"] == ["Company", "42", "0", "27", "64.3", ""]


def test_scores_csv_matches_the_page(hr, company):
    rows = _rows(hr.get(f"/insights/export/scores.csv?cycle={company['spring'].id}"))
    assert rows[0][:3] == ["Dimension", "Score (0-100)", "Favourable %"]
    assert [r[0] for r in rows[1:]] == ["Listening", "Keeping promises", "Overall index"]


def test_heatmap_csv_has_every_department_and_records_the_export(hr, company):
    response = hr.get(f"/insights/export/heatmap.csv?cycle={company['spring'].id}")
    rows = _rows(response)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="heatmap-cycle-{company["spring"].id}.csv"'
    )
    assert rows[0][:4] == ["Department", "Respondents", "Status", "Overall"]
    assert "Listening: respondents" in rows[0]
    care = next(r for r in rows if r[0] == "Care")
    assert care[1:5] == ["10", "", "65.6", "81.2"]
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.csv")))
    assert len(events) == 1
    assert events[0].details["table"] == "heatmap"
    assert events[0].actor_id == hr.user.id


def test_italian_csv_keeps_accents(hr, company):
    hr.post("/language", data={"language": "it", "next": "/"})
    rows = _rows(
        hr.get(
            f"/insights/export/department.csv?cycle={company['spring'].id}&department={company['depts']['Care'].id}"
        )
    )
    texts = [r[1] for r in rows[1:]]
    assert "Richiamiamo quando l'abbiamo promesso." in texts
    assert "Pensiamo di sapere noi cosa è meglio." in texts


def test_unknown_export_is_404(hr, company):
    assert hr.get("/insights/export/salaries.csv").status_code == 404
    assert hr.get("/insights/export/department.csv?department=999").status_code == 404


def test_exports_and_pages_refuse_non_hr(as_role, company):
    trainer = as_role("trainer", "admin")
    assert trainer.get("/insights/export/heatmap.csv").status_code == 403
    assert trainer.get("/insights/heatmap").status_code == 403
