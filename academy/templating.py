"""Template globals: navigation by role, formatting filters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    role: str


# Features appear in the navigation once their blueprint is registered.
ROLE_LABELS = {
    "employee": _l("Employee"),
    "trainer": _l("Trainer"),
    "hr": _l("HR"),
    "admin": _l("Administrator"),
}


def role_names(roles: object) -> str:
    return ", ".join(str(ROLE_LABELS.get(r, r)) for r in sorted(roles))  # type: ignore[call-overload]


NAV = (
    NavItem("main.home", _l("Home"), "employee"),
    NavItem("learn.catalog", _l("Learn"), "employee"),
    NavItem("learn.progress", _l("My progress"), "employee"),
    NavItem("assess.current", _l("Assessment"), "employee"),
    NavItem("learn.content_health", _l("Content"), "trainer"),
    NavItem("insights.overview", _l("Insights"), "hr"),
    NavItem("admin.users", _l("Administration"), "admin"),
)


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    return [i for i in NAV if i.endpoint in views and current_user.has_role(i.role)]


def is_current(item: NavItem) -> bool:
    """The exact page, or another page of the same feature for that feature's first item."""
    endpoint = request.endpoint or ""
    if endpoint == item.endpoint:
        return True
    if any(i.endpoint == endpoint for i in NAV):
        return False
    blueprint = endpoint.partition(".")[0]
    first = next((i for i in NAV if i.endpoint.partition(".")[0] == blueprint), None)
    return first is item


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        nav_items=nav_items, is_current=is_current, role_names=role_names, ROLE_LABELS=ROLE_LABELS
    )
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, decimal=format_decimal)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
