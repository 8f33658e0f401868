"""Each request's user (academy.auth.session_users), read with its server-side session."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from flask_login import current_user
from sqlalchemy import select

from academy.extensions import db
from academy.models import WebSession
from tests import factories
from tests.conftest import login


def test_the_request_user_reflects_the_database_on_every_request(client, app):
    dept = factories.department("Customer Care")
    user = factories.user(given_name="Ada", dept=dept)
    login(client, user)
    assert "You are in Customer Care." in client.get("/").get_data(as_text=True)
    user.given_name = "Adele"
    user.set_roles({"hr"})
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Hello, Adele" in home
    assert "Your roles: HR." in home
    assert client.get("/insights/").status_code == 200
    user.set_roles(set())
    db.session.commit()
    assert client.get("/insights/").status_code == 403


def test_the_request_user_cannot_be_changed_by_accident(client, app):
    login(client, factories.user(given_name="Ada"))
    with client:
        client.get("/")
        person = current_user._get_current_object()
        with pytest.raises(dataclasses.FrozenInstanceError):
            person.given_name = "Eve"
        record = person.record()
        assert record.given_name == "Ada"
        assert record in db.session


def test_the_cookie_holds_a_random_token_and_nothing_else(client, app):
    user = factories.user(given_name="Ada")
    login(client, user)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert len(cookie.value) >= 40
    assert "Ada" not in cookie.value
    # The server keeps only the token's hash.
    row = db.session.scalar(select(WebSession).where(WebSession.user_id == user.id))
    assert row.token_hash == hashlib.sha256(cookie.value.encode()).hexdigest()
    assert cookie.value not in str(row.data)
