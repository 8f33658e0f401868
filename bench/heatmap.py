"""Heatmap page and API time against the bare SQL GROUP BY, on SQLite and PostgreSQL.

    .venv/bin/python bench/heatmap.py                 # 10,000 people, 40 departments, 4 cycles
    .venv/bin/python bench/heatmap.py --no-postgres   # SQLite only
    .venv/bin/python bench/heatmap.py --employees 2000 --runs 5

The data set is generated once per backend with `academy.demo_generate` (SQLite file
cached under bench/results/, PostgreSQL database `bench_insights` created on the local
server) and reused while its size matches. Each backend is then measured in a fresh
subprocess, the "worker", so that its peak memory is that of serving, not generating:

* bare query: the GROUP BYs a live heatmap would need for one cycle (item sums and
  respondents per department), straight through SQLAlchemy;
* results at close: computing every figure of the cycle once (what the release job does
  after storing the answers: the GROUP BYs, the per-person reads for Welch's test and
  Cronbach's alpha, the disclosure decisions);
* page / API: GET /insights/heatmap and GET /api/v1/cycles/<id>/scores, which read the
  stored results only.

Targets: page within 2x the bare query and under 300 ms on SQLite; worker peak RSS
under 200 MB. Everything runs in-process on loopback (the Flask test client).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DB = "bench_insights"
TARGET_MS = 300
TARGET_RATIO = 2.0
TARGET_MB = 200


def _app(url: str):
    from academy import create_app

    return create_app(
        {
            "ENV_NAME": "production",
            "PUBLIC_URL": "http://localhost",
            "ORGANISATION_NAME": "Bench Company",
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "SEALING_KEY": "bench-only-sealing-" + "y" * 32,
            "JOBS_URL": "immediate",
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )


def ensure_postgres_database() -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_DB})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{PG_DB}"'))
    engine.dispose()
    return f"{PG_SERVER}/{PG_DB}"


def ensure_data(url: str, employees: int, departments: int, cycles: int) -> None:
    """Generate the data set unless the database already holds one of this size."""
    from sqlalchemy import func, select

    from academy import demo_generate
    from academy.content import get_catalog
    from academy.extensions import db
    from academy.models import Cycle, User

    app = _app(url)
    with app.app_context():
        db.create_all()
        have = (
            db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(Cycle)),
        )
        if have == (employees + 1, cycles):
            print(f"  reusing data in {url.rsplit('/', 1)[-1]}")
            return
        db.session.remove()  # drop_all uses another connection: release this one's locks
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        steps = demo_generate.total_steps(employees, cycles)
        done = 0

        def progress(n: int) -> None:
            nonlocal done
            done += n
            print(f"\r  generating {done * 100 // steps:3d}%", end="", flush=True)

        result = demo_generate.generate(
            get_catalog(),
            employees=employees,
            departments=departments,
            cycles=cycles,
            seed=1,
            on_progress=progress,
        )
        # The HR login used by the worker.
        from academy.people import create_user, get_or_create_department

        create_user(
            email="bench-hr@example.com",
            given_name="Bench",
            department=get_or_create_department("Customer Service", "customer-service"),
            roles={"hr"},
            password="bench passphrase long enough",  # noqa: S106 - local bench data
        )
        db.session.commit()
        print(
            f"\r  generated {result.answers:,} answers, {result.responses:,} responses "
            f"in {time.perf_counter() - started:.0f} s"
        )


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def worker(url: str, runs: int) -> dict:
    """Measure in this (fresh) process and return the figures."""
    from sqlalchemy import select

    from academy.api.tokens import create_token
    from academy.content import cycle_questionnaire
    from academy.extensions import db
    from academy.models import CycleResult, User
    from academy.reports import queries
    from academy.reports.cycles import pick_cycle
    from academy.reports.results import compute

    app = _app(url)
    with app.app_context():
        cycle = pick_cycle(None, closed=True)
        assessment = cycle_questionnaire(cycle)
        answers = db.session.scalar(
            select(db.func.count()).select_from(db.metadata.tables["answers"])
        )

        def bare(cycle_id: int = cycle.id) -> None:
            queries.item_rows(cycle_id, assessment.points, assessment.favourable_from)
            queries.respondents(cycle_id)

        bare()  # warm the database's page cache, as the page runs will be
        bare_ms = _median_ms(bare, runs)
        inputs = db.session.get(CycleResult, cycle.id).inputs
        close_ms = _median_ms(lambda: compute(cycle, assessment, inputs), max(1, runs // 3))
        hr = db.session.scalar(select(User).where(User.email == "bench-hr@example.com"))
        _token, secret = create_token("bench", hr)
        db.session.commit()
        hr_id = hr.get_id()
        cycle_id = cycle.id

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = hr_id
        session["_fresh"] = True

    def page() -> None:
        response = client.get(f"/insights/heatmap?cycle={cycle_id}")
        assert response.status_code == 200, response.status_code

    def api() -> None:
        response = client.get(
            f"/api/v1/cycles/{cycle_id}/scores", headers={"Authorization": f"Bearer {secret}"}
        )
        assert response.status_code == 200, response.status_code

    page()
    page_ms = _median_ms(page, runs)
    api_ms = _median_ms(api, runs)
    peak_kb = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM:")
    )
    return {
        "answers": answers,
        "bare_ms": bare_ms,
        "close_ms": close_ms,
        "page_ms": page_ms,
        "api_ms": api_ms,
        "peak_mb": peak_kb / 1024,
    }


def report(name: str, r: dict) -> None:
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    ratio = r["page_ms"] / r["bare_ms"]
    print(f"\n{name}: {r['answers']:,} answers")
    print(f"  bare GROUP BY (one cycle)  {r['bare_ms']:8.1f} ms")
    print(f"  results at close           {r['close_ms']:8.1f} ms  (once per cycle, in the job)")
    print(
        f"  heatmap page               {r['page_ms']:8.1f} ms  ratio {ratio:.2f}x bare "
        f"[target <= {TARGET_RATIO}x: {ok(ratio <= TARGET_RATIO)}]"
        + (
            f" [target < {TARGET_MS} ms: {ok(r['page_ms'] < TARGET_MS)}]"
            if name == "SQLite"
            else ""
        )
    )
    api_ratio = r["api_ms"] / r["bare_ms"]
    print(f"  API scores                 {r['api_ms']:8.1f} ms  ratio {api_ratio:.2f}x bare")
    memory_ok = ok(r["peak_mb"] < TARGET_MB)
    print(
        f"  worker peak RSS            {r['peak_mb']:8.1f} MB  "
        f"[target < {TARGET_MB} MB: {memory_ok}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(worker(args.worker, args.runs)))
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    size = f"{args.employees}x{args.departments}x{args.cycles}"
    backends = [("SQLite", f"sqlite:///{RESULTS / f'heatmap-{size}.db'}")]
    if not args.no_postgres:
        backends.append(("PostgreSQL", ensure_postgres_database()))
    results = {}
    for name, url in backends:
        print(
            f"{name}: preparing {args.employees:,} people, "
            f"{args.departments} departments, {args.cycles} cycles"
        )
        ensure_data(url, args.employees, args.departments, args.cycles)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", url, "--runs", str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
    for name, r in results.items():
        report(name, r)
    (RESULTS / "heatmap.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
