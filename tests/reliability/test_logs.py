"""Logs: a configured file gets the tracebacks of failed requests, each line tagged with
the request id that the response also carries."""

from __future__ import annotations

import re

from tests.conftest import make_app


def test_errors_are_logged_to_the_file_with_the_request_id(tmp_path):
    log_file = tmp_path / "academy.log"
    app = make_app(LOG_FILE=str(log_file))

    @app.get("/boom-for-logs")
    def boom():  # a failing view, as a bug would be
        raise RuntimeError("something broke")

    from academy.security import public

    public(boom)
    with app.app_context():
        from academy.extensions import db

        db.create_all()
    response = app.test_client().get("/boom-for-logs")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", request_id)
    text = log_file.read_text()
    assert f"ERROR academy.errors [{request_id}] unhandled error on GET /boom-for-logs" in text
    assert "RuntimeError: something broke" in text  # the traceback


def test_a_trusted_proxy_request_id_is_kept(tmp_path):
    app = make_app(PROXY_COUNT=1, LOG_FILE=str(tmp_path / "a.log"))
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert response.headers["X-Request-ID"] == "proxy-abc-12345"
    untrusted = make_app(LOG_FILE=str(tmp_path / "b.log"))
    response = untrusted.test_client().get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert response.headers["X-Request-ID"] != "proxy-abc-12345"
