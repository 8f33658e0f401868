"""Login throttling counts across workers when it counts in Redis (the local server)."""

from __future__ import annotations

import logging
import secrets

from academy import create_app
from tests import factories
from tests.conftest import login


def test_limits_in_redis_are_shared_by_every_instance(app_factory, tmp_path):
    from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL

    prefix = f"academy-test-{secrets.token_hex(4)}"
    database = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'shared.db'}"
    settings = {
        "SQLALCHEMY_DATABASE_URI": database,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "RATELIMIT_KEY_PREFIX": prefix,
        "LOGIN_LIMIT_ACCOUNT": "3 per minute",
    }
    first = app_factory(**settings)
    user = factories.user()
    email = user.email
    for _ in range(3):
        assert login(first.test_client(), user, password="wrong password!").status_code == 422
    assert login(first.test_client(), user, password="wrong password!").status_code == 429
    # Another instance (a second worker or server) sees the same count, not a fresh one.
    second = app_factory(**settings)
    assert login(second.test_client(), email, password="wrong password!").status_code == 429
    assert login(second.test_client(), email).status_code == 429  # even the right password


def test_memory_counting_in_production_is_warned_about(caplog):
    with caplog.at_level(logging.WARNING, logger="academy"):
        create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "x" * 40,
                "SEALING_KEY": "y" * 40,
                "PUBLIC_URL": "https://academy.example.com",
                "ORGANISATION_NAME": "Example Company",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
    assert "counted per worker process" in caplog.text
