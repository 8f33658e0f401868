"""Benchmark: module page throughput under gunicorn, as a ratio to /healthz.

Usage: python bench/module_page.py [module-id]

Starts gunicorn (2 workers, production configuration, a generated SECRET_KEY, a fresh
SQLite database migrated with `flask db upgrade`, the shipped content) on a free
loopback port, logs one employee in, then runs `wrk -t2 -c16 -d10s` against /healthz
and against the module page with the session cookie, in three alternating rounds.
/healthz touches neither the database nor templates, so the ratio shows what a real
page costs on the same server in the same run.

Target: module page requests/sec >= 0.5 x /healthz requests/sec (median of the rounds).

For context it also measures /auth/password, the simplest page behind the login: what
any logged-in page costs here (session, user and roles from the database, CSRF token,
the base template) before the module page does anything of its own.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_RATIO = 0.5
WORKERS = 2
ROUNDS = 3
WRK = ["-t2", "-c16", "-d10s"]
EMAIL = "bench@example.com"
PASSWORD = secrets.token_urlsafe(16)

CREATE_USER = """
from academy import create_app
from academy.extensions import db
from academy.people import create_user, get_or_create_department
app = create_app()
with app.app_context():
    dept = get_or_create_department("Customer Service")
    create_user(email={email!r}, given_name="Bench", department=dept, password={password!r})
    db.session.commit()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: str = "", cookie: str = "") -> tuple:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    data = response.read().decode()
    conn.close()
    return response.status, response.getheader("Set-Cookie") or "", data


def session_cookie(set_cookie: str) -> str:
    match = re.search(r"(session=[^;]+)", set_cookie)
    if not match:
        raise SystemExit(f"no session cookie in {set_cookie!r}")
    return match.group(1)


def log_in(port: int) -> str:
    _, set_cookie, page = request(port, "GET", "/auth/login")
    cookie = session_cookie(set_cookie)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    status, set_cookie, _ = request(port, "POST", "/auth/login", body, cookie)
    if status != 302:
        raise SystemExit(f"login failed with status {status}")
    cookie = session_cookie(set_cookie)
    # Follow the redirect as a browser would: the welcome message is shown once and
    # leaves the session, so the measured pages do not carry it on every request.
    status, set_cookie, _ = request(port, "GET", "/", cookie=cookie)
    if status != 200:
        raise SystemExit(f"home page after login answered {status}")
    return session_cookie(set_cookie) if set_cookie else cookie


def wrk(url: str, cookie: str = "") -> float:
    command = ["wrk", *WRK, *(["-H", f"Cookie: {cookie}"] if cookie else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 20 s")


def main() -> None:
    module_id = sys.argv[1] if len(sys.argv) > 1 else "customer-culture-basics"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "ACADEMY_ENV": "production",
            "PUBLIC_URL": "http://127.0.0.1",
            "ORGANISATION_NAME": "Bench Company",
            "SECRET_KEY": secrets.token_hex(32),
            "SEALING_KEY": secrets.token_hex(32),
            "JOBS_URL": "immediate",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "FLASK_APP": "wsgi",
            "CONTENT_DIR": str(ROOT / "content"),
        }
        run = {"cwd": ROOT, "env": env, "check": True, "timeout": 120}
        subprocess.run([BIN / "flask", "db", "upgrade"], capture_output=True, **run)
        script = CREATE_USER.format(email=EMAIL, password=PASSWORD)
        subprocess.run([sys.executable, "-c", script], **run)
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "--no-control-socket",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(port, server)
            cookie = log_in(port)
            path = f"/learn/modules/{module_id}"
            request(port, "GET", path, cookie=cookie)  # the first visit records a start
            status, set_cookie, page = request(port, "GET", path, cookie=cookie)
            if status != 200 or "<fieldset" not in page:
                raise SystemExit(f"{path} answered {status}, not the module page with its quiz")
            if set_cookie:
                raise SystemExit(f"{path} changes the session on every visit: {set_cookie}")
            base = f"http://127.0.0.1:{port}"
            print(f"gunicorn, {WORKERS} workers, production config, SQLite; wrk {' '.join(WRK)}")
            plain = wrk(base + "/auth/password", cookie)
            print(f"/auth/password (logged in, no content): {plain:10.1f} requests/sec")
            # Alternating rounds: a shared machine's speed drifts, and a ratio taken from
            # two back-to-back runs is fairer than one from runs minutes apart.
            ratios = []
            for n in range(1, ROUNDS + 1):
                healthz = wrk(base + "/healthz")
                module = wrk(base + path, cookie)
                ratios.append(module / healthz)
                print(
                    f"round {n}: /healthz {healthz:8.1f} req/s, {path} {module:8.1f} req/s "
                    f"({len(page) / 1024:.0f} KiB page): ratio {module / healthz:.2f}"
                )
            ratio = statistics.median(ratios)
            verdict = "OK" if ratio >= TARGET_RATIO else "BELOW TARGET"
            print(
                f"ratio module page / healthz, median of {ROUNDS}: {ratio:.2f} "
                f"(target >= {TARGET_RATIO}): {verdict}"
            )
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
