"""academy.scoring stays pure: no Flask, no database, no numeric libraries (DESIGN.md)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "numpy", "scipy", "pandas")


def test_scoring_imports_only_the_standard_library():
    # A fresh interpreter, so modules imported by other tests do not mask a leak.
    code = (
        "import sys, academy.scoring\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_scoring_modules_stay_small():
    # STYLE.md: split before a file passes ~400 lines.
    for path in (ROOT / "academy" / "scoring").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
