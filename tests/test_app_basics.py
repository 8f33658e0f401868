from sqlalchemy import event

from academy.extensions import db
from tests.conftest import login


def test_healthz_answers_without_touching_the_database(app, client):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get("/healthz")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert statements == []


def test_security_headers_on_pages_errors_and_health(client, employee):
    login(client, employee)
    for path in ("/", "/auth/login", "/no-such-page", "/healthz", "/static/css/app.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_home_shows_role_navigation(as_role):
    hr = as_role("hr")
    page = hr.get("/").get_data(as_text=True)
    assert "Hello, Test" in page
    employee = as_role()
    assert "Your roles" not in employee.get("/").get_data(as_text=True)


def test_friendly_404_and_json_404_for_api(logged_in):
    page = logged_in.get("/nowhere")
    assert page.status_code == 404
    assert "Page not found" in page.get_data(as_text=True)
    api = logged_in.get("/api/v1/nowhere")
    assert api.status_code in (401, 404)
    assert api.is_json


def test_server_error_page_rolls_back(app, client, employee):
    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    login(client, employee)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, employee):
    response = login(client, employee)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
