"""Each request's user (academy.auth.session_users) and the reads behind it (academy.reads)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from flask_login import current_user
from sqlalchemy import bindparam, literal, select

from academy.extensions import db
from academy.models import ModuleProgress
from academy.reads import FastRead
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


def test_a_changed_secret_key_ends_sessions(client, app):
    login(client, factories.user())
    assert client.get("/").status_code == 200
    app.secret_key = "another-key-for-this-test-only"
    assert client.get("/").headers["Location"].startswith("/auth/login")


def test_fast_reads_convert_values_like_sqlalchemy(app):
    user = factories.user()
    started = datetime(2026, 3, 4, 5, 6, 7, 890000)
    db.session.add(
        ModuleProgress(user_id=user.id, module_id="m", module_version="v", started_at=started)
    )
    db.session.commit()
    read = FastRead(
        select(literal("kind"), ModuleProgress.started_at, ModuleProgress.completed_at).where(
            ModuleProgress.user_id == bindparam("user_id")
        )
    )
    with app.test_request_context("/"):
        assert read.all(user_id=user.id) == [("kind", started, None)]
        assert read.all(user_id=user.id + 1) == []
