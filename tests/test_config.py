import os
import subprocess
import sys
from pathlib import Path

import pytest

from academy import create_app
from config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


PRODUCTION = {
    "ENV_NAME": "production",
    "SECRET_KEY": "x" * 40,
    "SEALING_KEY": "y" * 40,
    "PUBLIC_URL": "https://academy.example.com",
    "ORGANISATION_NAME": "Example Company",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": None})


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ConfigError, match="too short"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "short"})


def test_production_cookies_are_secure():
    app = create_app(PRODUCTION)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_wsgi_entry_point_says_why_it_will_not_start():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ACADEMY_ENV"}}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    second = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_min_group_size_comes_from_the_environment():
    code = "from academy import create_app; print(create_app('testing').config['MIN_GROUP_SIZE'])"
    env = {**os.environ, "MIN_GROUP_SIZE": "7"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "7", result.stderr


def test_production_refuses_to_start_without_a_sealing_key():
    with pytest.raises(ConfigError, match="SEALING_KEY is not set"):
        create_app({**PRODUCTION, "SEALING_KEY": None})
    with pytest.raises(ConfigError, match="SEALING_KEY is not set"):
        create_app({**PRODUCTION, "SEALING_KEY": "short"})


def test_production_refuses_to_start_without_a_public_url_and_answers_only_its_host():
    with pytest.raises(ConfigError, match="PUBLIC_URL is not set"):
        create_app({**PRODUCTION, "PUBLIC_URL": ""})
    with pytest.raises(ConfigError, match="PUBLIC_URL is not set"):
        create_app({**PRODUCTION, "PUBLIC_URL": "academy.example.com"})
    app = create_app(PRODUCTION)
    assert app.config["TRUSTED_HOSTS"] == ["academy.example.com"]
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "academy.example.com"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_production_secret_key_needs_32_characters():
    with pytest.raises(ConfigError, match="too short"):
        create_app({**PRODUCTION, "SECRET_KEY": "x" * 31})
