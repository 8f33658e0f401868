"""Application logs: one line per event, with the request it belongs to.

Logs go to stderr, or to ``LOG_FILE`` when set (a daemonised server has no stderr), in a
standard format with the time, level, logger and request id::

    2026-12-01 09:30:12,345 WARNING academy.errors [3f2a9c1b7d4e5f60] database unavailable ...

Every response carries its id in ``X-Request-ID`` (taken from the proxy's header when one
is trusted, so a line in the proxy's log and one here can be matched).
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from flask import Flask, g, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def init_app(app: Flask) -> None:
    target = app.config.get("LOG_FILE")
    handler: logging.Handler = (
        logging.FileHandler(target, encoding="utf-8") if target else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestIdFilter())
    level = logging.DEBUG if app.debug else logging.INFO
    for name in ("academy", app.logger.name):
        logger = logging.getLogger(name)
        # One handler per target: building several apps in one process adds no duplicates.
        logger.handlers = [h for h in logger.handlers if not getattr(h, "_academy", False)]
        handler._academy = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False

    trust_header = bool(app.config.get("PROXY_COUNT"))

    @app.before_request
    def request_id() -> None:
        given = request.headers.get("X-Request-ID", "") if trust_header else ""
        g.request_id = given if _VALID_ID.match(given) else secrets.token_hex(8)

    @app.after_request
    def echo_request_id(response: Any) -> Any:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response
