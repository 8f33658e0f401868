"""CSRF stays on in these tests (most tests turn it off for brevity)."""

import re

import pytest

from tests import factories


@pytest.fixture
def csrf_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True)


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_post_without_token_is_rejected(csrf_app):
    user = factories.user()
    client = csrf_app.test_client()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    # Refused: not logged in. The form comes back with the email typed (never the
    # password), in this response only: nothing is kept for a person not yet known.
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This form expired" in page
    assert f'value="{user.email}"' in page
    assert factories.PASSWORD not in page
    assert client.get("/").status_code == 302


def test_post_with_token_is_accepted_and_logout_needs_one(csrf_app):
    user = factories.user()
    client = csrf_app.test_client()
    token = token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/").status_code == 200  # still logged in
    token = token_from(client.get("/").get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": token})
    assert client.get("/").status_code == 302
