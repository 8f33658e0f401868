"""CSV files never carry a formula a spreadsheet would run; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests import factories
from tests.insights import builders as b

DANGEROUS = ['=HYPERLINK("http://evil.example","x")', "+cmd", "-2+3", "@SUM(A1)", "\tTab"]


@pytest.fixture
def app(app_factory, tmp_path):
    return app_factory(CONTENT_DIR=str(b.write_content(tmp_path / "content")))


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_exports_neutralise_formulas_and_keep_negative_numbers(app, as_role):
    hr = as_role("hr")
    depts = [factories.department(name, f"d{n}") for n, name in enumerate(DANGEROUS)]
    high = {"l1": 5, "l2": 1, "k1": 5, "k2": 5}
    low = {"l1": 2, "l2": 4, "k1": 2, "k2": 2}
    b.run_cycle("Before", date(2026, 1, 1), [b.group(d, 6, high) for d in depts])
    after = b.run_cycle("After", date(2026, 4, 1), [b.group(d, 6, low) for d in depts])

    for table in ("heatmap", "participation", "scores", "reliability"):
        rows = _rows(hr.get(f"/insights/export/{table}.csv?cycle={after.id}"))
        for row in rows:
            for cell in row:
                if cell and cell[0] in "=+-@\t\r":
                    assert _is_number(cell), (table, cell)
    heatmap = _rows(hr.get(f"/insights/export/heatmap.csv?cycle={after.id}"))
    names = [r[0] for r in heatmap[1:]]
    for name in DANGEROUS:
        assert "'" + name in names
    header = heatmap[0]
    change = header.index("Listening: change")
    changes = [r[change] for r in heatmap[1:] if len(r) > change and r[change]]
    assert changes
    assert all(_is_number(c) and float(c) < 0 for c in changes)  # -62.5 stays a number
    rows = _rows(
        hr.get(f"/insights/export/department.csv?cycle={after.id}&department={depts[0].id}")
    )
    assert any(_is_number(r[3]) for r in rows[1:] if len(r) > 3 and r[3])
