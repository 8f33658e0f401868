"""Configuration classes. Every setting can come from the environment.

Secrets have no committed default: production refuses to start without SECRET_KEY,
and development keeps a generated key in the instance folder so it survives restarts
and is shared by every worker.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run safely."""


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None
    # Encrypts an open cycle's answers until it closes (academy.assess.sealing). Kept out
    # of the database on purpose; losing it while a cycle is open loses that cycle's answers.
    SEALING_KEY: str | None = os.environ.get("SEALING_KEY") or None
    # Earlier sealing keys, comma-separated, still accepted to open answers (rotation).
    SEALING_KEY_FALLBACKS = tuple(
        k.strip() for k in os.environ.get("SEALING_KEY_FALLBACKS", "").split(",") if k.strip()
    )
    # None means "the SQLite file in the instance folder", resolved by the factory
    # because the instance path is only known once the app exists.
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL") or None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # noqa: RUF012 - filled by academy.database
    # PostgreSQL: seconds to wait for a connection and for a statement (the request then
    # gets a 503 instead of hanging), and how long a pooled connection may sit idle before
    # it is checked with a ping when taken out again.
    DATABASE_CONNECT_TIMEOUT = _int("DATABASE_CONNECT_TIMEOUT", 5)
    DATABASE_STATEMENT_TIMEOUT = _int("DATABASE_STATEMENT_TIMEOUT", 10)
    DATABASE_PING_AFTER = _int("DATABASE_PING_AFTER", 30)

    CONTENT_DIR = os.environ.get("CONTENT_DIR", str(BASE_DIR / "content"))
    CONTENT_AUTO_RELOAD = _bool("CONTENT_AUTO_RELOAD", False)
    # Rendered pages each worker keeps (about 20 KiB each); 0 renders every request.
    PAGE_CACHE_ENTRIES = _int("PAGE_CACHE_ENTRIES", 1000)

    LANGUAGES = ("en", "it")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Rome")

    MIN_GROUP_SIZE = _int("MIN_GROUP_SIZE", 5)
    COMMENT_MIN_GROUP_SIZE = _int("COMMENT_MIN_GROUP_SIZE", 10)

    # Login throttling: per account and per client address.
    LOGIN_LIMIT_ACCOUNT = os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per minute;30 per hour")
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per minute;200 per hour")
    # Password-reset requests: per email typed and per client address.
    PASSWORD_RESET_LIMIT_ACCOUNT = os.environ.get("PASSWORD_RESET_LIMIT_ACCOUNT", "3 per hour")
    PASSWORD_RESET_LIMIT_ADDRESS = os.environ.get("PASSWORD_RESET_LIMIT_ADDRESS", "20 per hour")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = _int("PROXY_COUNT", 0)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A login lasts at most SESSION_HOURS, and ends after SESSION_IDLE_MINUTES without a
    # request (sessions are kept on the server: academy.auth.sessions).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=_int("SESSION_HOURS", 10))
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 30)
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    # Bounded input: a request body over MAX_CONTENT_LENGTH is refused (413) before it is
    # read, and form fields together may hold MAX_FORM_MEMORY_SIZE. The people import
    # (a CSV file, then the checked file carried back in the report's form) allows
    # IMPORT_MAX_BYTES (academy.security).
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 512 * 1024)
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    MAX_FORM_PARTS = 500
    IMPORT_MAX_BYTES = 5 * 1024 * 1024

    # scrypt with Werkzeug's default cost; tests lower it.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - an algorithm name, not a password

    # The site's address as people reach it (e.g. https://academy.example.com): emailed
    # links are built on it. Without it they use the address of the request.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    # Host names the app answers to (the Host header); empty: any in development, the
    # host of PUBLIC_URL in production. Comma-separated, e.g. "academy.example.com".
    TRUSTED_HOSTS = [
        h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()
    ] or None
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 10)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "academy@localhost")
    # When no MAIL_SERVER is set, messages are written here instead of being sent.
    MAIL_OUTBOX_DIR: str | None = os.environ.get("MAIL_OUTBOX_DIR") or None
    MAIL_MESSAGES_PER_CONNECTION = _int("MAIL_MESSAGES_PER_CONNECTION", 100)
    # The company's name, in every email ("Customer Culture Academy of ..."). Required in
    # production.
    ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "")
    INVITATION_MAX_AGE_HOURS = _int("INVITATION_MAX_AGE_HOURS", 72)
    PASSWORD_RESET_MAX_AGE_HOURS = _int("PASSWORD_RESET_MAX_AGE_HOURS", 2)

    SECURITY_HSTS = False

    # Where the application logs go: a file path, or stderr when empty (academy.logs).
    LOG_FILE = os.environ.get("LOG_FILE", "")

    # Background jobs (academy.jobs): redis://host:6379/0 in production; an SQLite file in
    # the instance folder by default; "immediate" runs each job inside the web request.
    JOBS_URL = os.environ.get("JOBS_URL", "sqlite:///jobs.db")
    # The queue's name in that store: installations sharing one Redis use different names.
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "academy")
    JOB_MAX_ATTEMPTS = _int("JOB_MAX_ATTEMPTS", 8)
    JOB_RETRY_DELAY = _int("JOB_RETRY_DELAY", 30)  # seconds before the first retry
    # A running job not heard from for this long is taken to have died with its worker.
    JOB_STALE_SECONDS = _int("JOB_STALE_SECONDS", 600)

    # Scheduled work (academy.schedule), in the organisation's time zone (TIMEZONE):
    # cycles set to open by themselves open at this time on their opening date, and
    # scheduled reminders go out at this time on their day. Cycles set to close by
    # themselves close at the end of their closing date.
    SCHEDULE_TIME = os.environ.get("SCHEDULE_TIME", "09:00")
    # The most assessment reminders one person gets in one cycle, whoever sends them.
    REMINDERS_MAX_PER_CYCLE = _int("REMINDERS_MAX_PER_CYCLE", 3)
    # Required training: a reminder this many days before the due date, and one the day
    # after it; people who join after a fixed due date get this many days instead.
    TRAINING_REMIND_BEFORE_DAYS = _int("TRAINING_REMIND_BEFORE_DAYS", 3)
    TRAINING_NEW_JOINER_DAYS = _int("TRAINING_NEW_JOINER_DAYS", 30)


class DevelopmentConfig(Config):
    DEBUG = True
    CONTENT_AUTO_RELOAD = _bool("CONTENT_AUTO_RELOAD", True)
    ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Demo Company")


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 - test config, never deployed
    SEALING_KEY = "testing-only-sealing-key-not-secret-0123456789"
    JOBS_URL = "immediate"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - cheap hashing for tests
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = ""
    ORGANISATION_NAME = "Example Company"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURITY_HSTS = True

    @classmethod
    def validate(cls, config: dict) -> None:
        if not config.get("SECRET_KEY"):
            raise ConfigError(
                "SECRET_KEY is not set. Production needs a long random secret shared by all "
                "instances, e.g. SECRET_KEY=$(python -c 'import secrets; "
                "print(secrets.token_hex(32))')."
            )
        if len(config["SECRET_KEY"]) < 32:
            raise ConfigError("SECRET_KEY is too short: use at least 32 random characters.")
        public = urlsplit(config.get("PUBLIC_URL") or "")
        if public.scheme not in ("http", "https") or not public.netloc:
            raise ConfigError(
                "PUBLIC_URL is not set. Production needs the address people use, e.g. "
                "PUBLIC_URL=https://academy.example.com: links in emails are built on it, "
                "never on the Host header a client sends."
            )
        if not (config.get("ORGANISATION_NAME") or "").strip():
            raise ConfigError(
                "ORGANISATION_NAME is not set: every email names the company it comes from, "
                "e.g. ORGANISATION_NAME='Acme S.p.A.'."
            )
        if not config.get("TRUSTED_HOSTS"):
            config["TRUSTED_HOSTS"] = [public.hostname]
        if len(config.get("SEALING_KEY") or "") < 32:
            raise ConfigError(
                "SEALING_KEY is not set (or shorter than 32 characters). It encrypts the "
                "answers of open assessment cycles; keep it outside the database and the "
                "same on every instance, e.g. SEALING_KEY=$(python -c 'import secrets; "
                "print(secrets.token_hex(32))')."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
