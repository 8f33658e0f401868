import pytest
from flask_limiter.util import get_qualified_name

from academy.extensions import db, limiter
from tests import factories
from tests.conftest import login


def test_login_and_logout(client, employee):
    response = login(client, employee)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Hello, Test" in client.get("/").get_data(as_text=True)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/").headers["Location"].startswith("/auth/login")


def test_email_is_case_insensitive(client, app):
    factories.user(email="mixed@example.com")
    assert login(client, "  MIXED@example.com ").status_code == 302


def test_wrong_password_is_refused_with_a_clear_message(client, employee):
    response = login(client, employee, password="not the password")
    assert response.status_code == 422
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_email_gets_the_same_message(client, app):
    response = login(client, "nobody@example.com")
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_deactivated_account_has_its_own_message(client, app):
    user = factories.user(active=False)
    response = login(client, user)
    assert response.status_code == 422
    assert "This account has been deactivated" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    # Without the right password, nothing about the account's state is revealed.
    assert "deactivated" not in login(client, user, password="guess").get_data(as_text=True)


def test_deactivation_ends_an_open_session(client, employee):
    login(client, employee)
    employee.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_login_is_rate_limited_per_account(app_factory):
    app = app_factory(LOGIN_LIMIT_ACCOUNT="3 per minute")
    user = factories.user()
    client = app.test_client()
    codes = [login(client, user, password="wrong").status_code for _ in range(3)]
    assert codes == [422, 422, 422]
    blocked = login(client, user)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    other = factories.user()
    assert login(client, other).status_code == 302  # other accounts are unaffected


def test_login_is_rate_limited_per_address(app_factory):
    app = app_factory(LOGIN_LIMIT_ADDRESS="4 per minute")
    client = app.test_client()
    for n in range(4):
        login(client, f"someone{n}@example.com")
    assert login(client, "someone-else@example.com").status_code == 429
    from_elsewhere = app.test_client()
    response = from_elsewhere.post(
        "/auth/login",
        data={"email": "x@example.com", "password": "y"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert response.status_code == 422


def test_every_rate_limit_guards_a_post(app):
    """GET requests skip the limiter (academy.extensions): that is only right while no
    limit is declared for another method, by route, blueprint or default."""
    manager = limiter.limit_manager
    assert not manager.default_limits
    assert not manager.application_limits
    limited = {}
    for endpoint, view in app.view_functions.items():
        limits = manager.decorated_limits(get_qualified_name(view))
        limits += manager.blueprint_limits(app, endpoint.rpartition(".")[0])
        if limits:
            limited[endpoint] = {m for limit in limits for m in (limit.methods or ("*",))}
    assert limited == {
        "auth.login": {"post"},
        "auth.forgot_password": {"post"},
    }


def test_reading_the_login_page_is_not_limited(app_factory):
    app = app_factory(LOGIN_LIMIT_ADDRESS="2 per minute")
    client = app.test_client()
    assert all(client.get("/auth/login").status_code == 200 for _ in range(5))
    for n in range(2):
        login(client, f"someone{n}@example.com")
    assert login(client, "someone-else@example.com").status_code == 429


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "/\r\nLocation: https://evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_refuses_off_site_targets(client, employee, target):
    response = login(client, employee, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_accepts_a_local_path(client, employee):
    response = login(client, employee, next="/auth/password?x=1")
    assert response.headers["Location"] == "/auth/password?x=1"


def test_anonymous_page_visit_remembers_where_to_go(client, employee):
    response = client.get("/auth/password")
    assert response.headers["Location"] == "/auth/login?next=/auth/password"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/auth/password"' in page


def test_password_change_logs_out_other_sessions(app, employee):
    first, second = app.test_client(), app.test_client()
    login(first, employee)
    login(second, employee)
    response = first.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302
    fresh = app.test_client()
    assert login(fresh, employee, password="a brand new passphrase").status_code == 302


def test_password_change_validates(logged_in):
    response = logged_in.post(
        "/auth/password",
        data={"current_password": "wrong", "new_password": "short", "confirm": "other"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use between 12 and 200 characters." in body
    assert "The two passwords do not match." in body
    response = logged_in.post(
        "/auth/password",
        data={
            "current_password": "wrong",
            "new_password": "long enough passphrase",
            "confirm": "long enough passphrase",
        },
    )
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_login_does_not_tell_which_accounts_exist_or_have_a_password(client, app):
    """An account with no password yet, an unknown address and a wrong password all get
    the same answer: the login form tells nobody which addresses have accounts."""
    pages = []
    for email, password in (
        (factories.user(password=None).email, "anything at all"),
        ("nobody.here@example.com", "anything at all"),
        (factories.user().email, "not the password"),
    ):
        response = login(app.test_client(), email, password=password)
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        pages.append(body.split("<main", 1)[1].replace(email, "EMAIL"))
    assert pages[0] == pages[1] == pages[2]
    assert "Wrong email or password." in pages[0]
    # Everyone is told, on the page itself, how to get a first password.
    assert "No password yet?" in pages[0]
