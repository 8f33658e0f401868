"""The database goes away, then hangs, then comes back: the app answers 503 quickly with
a page that needs no database, /healthz stays alive, /readyz tells, and it recovers by
itself. PostgreSQL behind a proxy the test controls."""

from __future__ import annotations

import time

import pytest
from sqlalchemy.engine import make_url

from tests import factories
from tests.conftest import TEST_DATABASE_URL, login
from tests.reliability.proxy import Proxy

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def proxied(app_factory):
    url = make_url(TEST_DATABASE_URL)
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = app_factory(
        SQLALCHEMY_DATABASE_URI=through,
        DATABASE_CONNECT_TIMEOUT=2,
        DATABASE_STATEMENT_TIMEOUT=2,
        DATABASE_PING_AFTER=0,
    )
    yield app, proxy
    # Left forwarding: the app's teardown empties the tables through it.
    proxy.set("forward")


def _timed(client, path: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    response = client.get(path)
    return response.status_code, time.perf_counter() - started, response.get_data(as_text=True)


def _until(client, path: str, status: int, limit: float = 20) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if client.get(path).status_code == status:
            return time.perf_counter() - started
        time.sleep(0.2)
    raise AssertionError(f"{path} never answered {status} within {limit} s")


def test_outage_answers_503_fast_and_recovers_without_a_restart(proxied):
    app, proxy = proxied
    user = factories.user()
    client = app.test_client()
    login(client, user)
    assert client.get("/").status_code == 200
    assert client.get("/readyz").status_code == 200

    proxy.set("refuse")
    status, seconds, page = _timed(client, "/")
    print(f"\ndatabase refusing: first answer {status} after {seconds:.2f} s")
    assert status == 503
    assert seconds < 3
    assert "Temporarily unavailable" in page
    assert "cannot reach its database" in page
    assert client.get("/healthz").status_code == 200  # the process itself is alive
    assert client.get("/readyz").status_code == 503
    assert client.get("/auth/login").status_code == 503

    proxy.set("forward")
    recovered = _until(client, "/", 200)
    print(f"database back: 200 again after {recovered:.2f} s")
    assert recovered < 5
    assert client.get("/readyz").status_code == 200

    proxy.set("hang")
    status, seconds, page = _timed(client, "/")
    print(f"database hanging: first answer {status} after {seconds:.2f} s")
    assert status == 503
    assert seconds < 10  # the deadlines, not the web server's worker timeout (30 s)
    assert client.get("/healthz").status_code == 200
    status, seconds, _page = _timed(client, "/readyz")
    assert status == 503
    assert seconds < 10

    proxy.set("forward")
    recovered = _until(client, "/", 200)
    print(f"database back: 200 again after {recovered:.2f} s")
    assert recovered < 10
