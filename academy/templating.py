"""Template globals: navigation by role, formatting filters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: tuple[str, ...]


# Features appear in the navigation once their blueprint is registered.
ROLE_LABELS = {
    "employee": _l("Employee"),
    "trainer": _l("Trainer"),
    "hr": _l("HR"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}


def role_names(roles: object) -> str:
    return ", ".join(str(ROLE_LABELS.get(r, r)) for r in sorted(roles))  # type: ignore[call-overload]


NAV = (
    NavItem("main.home", _l("Home"), ("employee",)),
    NavItem("learn.catalog", _l("Learn"), ("employee",)),
    NavItem("learn.progress", _l("My progress"), ("employee",)),
    NavItem("assess.current", _l("Assessment"), ("employee",)),
    NavItem("learn.content_health", _l("Content"), ("trainer",)),
    NavItem("insights.overview", _l("Insights"), ("hr", "manager")),
    NavItem("training.people", _l("Team training"), ("hr", "manager")),
    NavItem("admin.users", _l("Administration"), ("admin",)),
)


@dataclass(frozen=True)
class HeaderAccount:
    """Who the header's account menu names, when it is not simply ``current_user``."""

    given_name: str
    email: str


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def nav_links() -> list[NavLink]:
    """The header's links for this person and page, worked out once per render."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    if not user.is_authenticated:
        return []
    views = current_app.view_functions
    endpoint = request.endpoint or ""
    return [
        NavLink(url_for(i.endpoint), str(i.label), is_current(i, endpoint))
        for i in NAV
        if i.endpoint in views and user.has_role(*i.roles)
    ]


def is_current(item: NavItem, endpoint: str) -> bool:
    """The exact page, or another page of the same feature for that feature's first item."""
    if endpoint == item.endpoint:
        return True
    if any(i.endpoint == endpoint for i in NAV):
        return False
    blueprint = endpoint.partition(".")[0]
    first = next((i for i in NAV if i.endpoint.partition(".")[0] == blueprint), None)
    return first is item


def job_status_label(job: object) -> str:
    """A job's state in a few words, for lists and links."""
    from flask_babel import gettext as _

    status = getattr(job, "status", None)
    status_value = getattr(status, "value", status)
    done, total = getattr(job, "progress_done", 0), getattr(job, "progress_total", None)
    if status_value == "running":
        if total:
            return _(
                "Running: %(done)s of %(total)s",
                done=format_decimal(done),
                total=format_decimal(total),
            )
        return _("Running")
    if status_value == "queued":
        return _("Waiting to retry") if getattr(job, "error", None) else _("Queued")
    if status_value == "failed":
        return _("Failed")
    return _("Done")


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        nav_links=nav_links,
        role_names=role_names,
        ROLE_LABELS=ROLE_LABELS,
        job_status_label=job_status_label,
    )
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, decimal=format_decimal)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
