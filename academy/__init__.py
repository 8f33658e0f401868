"""Customer Culture Academy: the application factory.

Flask is imported inside the factory so that the pure packages (`academy.scoring`,
`academy.catalog`) can be imported, tested and benchmarked without the web stack.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from config import CONFIGS, Config, ConfigError, ProductionConfig

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: str | type[Config] | dict | None = None) -> Flask:
    """Build the app. `config` is a config name, class or dict of overrides."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    from academy.validation import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    _load_config(app, config)
    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_errors(app)
    register_templates(app)
    register_cli(app)
    return app


def _load_config(app: Flask, config: str | type[Config] | dict | None) -> None:
    overrides: dict = {}
    if isinstance(config, dict):
        overrides = config
        config = overrides.pop("ENV_NAME", None)
    if config is None:
        config = os.environ.get("ACADEMY_ENV", "production")
    cls = CONFIGS[config] if isinstance(config, str) else config
    if cls is None:
        raise ConfigError(f"unknown configuration {config!r}; use one of {sorted(CONFIGS)}")
    app.config.from_object(cls)
    app.config.update(overrides)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "academy.db"
        )
    from academy import database

    database.engine_options(app)
    if not app.config.get("MAIL_OUTBOX_DIR"):
        app.config["MAIL_OUTBOX_DIR"] = os.path.join(app.instance_path, "outbox")
    if issubclass(cls, ProductionConfig):
        cls.validate(app.config)
    else:
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path), "secret_key")
        if not app.config.get("SEALING_KEY"):
            app.config["SEALING_KEY"] = _instance_secret(Path(app.instance_path), "sealing_key")
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]


def issubclass_production(app: Flask) -> bool:
    return bool(app.config.get("SECURITY_HSTS")) and not app.debug and not app.testing


def _instance_secret(instance: Path, name: str) -> str:
    """A development key generated once and kept in the instance folder (never committed).

    Every worker reads the same file, so sessions and sealed answers survive restarts
    and several workers.
    """
    path = instance / name
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    from academy import i18n, logs

    logs.init_app(app)
    from academy.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    from academy import database

    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    if issubclass_production(app) and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        # Each worker process counts on its own: with 4 workers, 4 times the attempts.
        logging.getLogger("academy").warning(
            "RATELIMIT_STORAGE_URI is memory://: login and password-reset limits are counted "
            "per worker process, so with several workers or instances they allow that many "
            "times more attempts. Set RATELIMIT_STORAGE_URI=redis://host:6379/0 to count them "
            "once for all."
        )
    i18n.init_app(app)

    from academy.auth import session_users

    session_users.init_app(app, login_manager)

    from academy import content, jobs, pagecache

    content.init_app(app)
    pagecache.init_app(app)
    jobs.init_app(app)


def register_security(app: Flask) -> None:
    from academy import security

    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    from academy.account import bp as account_bp
    from academy.admin import bp as admin_bp
    from academy.api import bp as api_bp
    from academy.assess import bp as assess_bp
    from academy.auth import bp as auth_bp
    from academy.insights import bp as insights_bp
    from academy.learn import bp as learn_bp
    from academy.main import bp as main_bp
    from academy.quizstats import bp as quizstats_bp
    from academy.training import bp as training_bp
    from academy.training import routes as _training_routes  # noqa: F401 - registers on bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(learn_bp, url_prefix="/learn")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(assess_bp, url_prefix="/assessment")
    app.register_blueprint(insights_bp, url_prefix="/insights")
    app.register_blueprint(quizstats_bp, url_prefix="/trainer/quizzes")
    app.register_blueprint(training_bp, url_prefix="/training")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errors(app: Flask) -> None:
    from academy import errors

    errors.init_app(app)


def register_templates(app: Flask) -> None:
    from academy import templating

    templating.init_app(app)


def register_cli(app: Flask) -> None:
    from academy import cli

    cli.init_app(app)
