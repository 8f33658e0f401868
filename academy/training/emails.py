"""Training emails: a required module due soon or overdue, and a reminder of everything
still to do (sent by HR or a manager). Built in the recipient's language when sent;
skipped when the training was completed in the meantime."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from academy.content import get_catalog
from academy.extensions import db
from academy.mail import Mail, compose
from academy.models import ModuleProgress
from academy.outreach import Skip, composer
from academy.outreach.deliveries import Recipient
from academy.security import absolute_url
from academy.training.requirements import (
    DONE,
    ModuleStanding,
    PersonRef,
    requirements_of,
    standings,
    today,
)

DUE_SOON = "training-due-soon"
OVERDUE = "training-overdue"
REMIND = "training-remind"


def _title(module_id: str, lang: str | None) -> str | None:
    module = get_catalog().modules.get(module_id)
    return module.title(lang) if module is not None else None


def _language(person: Recipient) -> str:
    config = current_app.config
    return (
        person.language
        if person.language in config["LANGUAGES"]
        else config["BABEL_DEFAULT_LOCALE"]
    )


def _completed(user_id: int, module_id: str) -> bool:
    return (
        db.session.scalar(
            select(ModuleProgress.completed_at).where(
                ModuleProgress.user_id == user_id, ModuleProgress.module_id == module_id
            )
        )
        is not None
    )


def due_message(person: Recipient, module_id: str, due_on: date, overdue: bool) -> Mail | Skip:
    title = _title(module_id, _language(person))
    if title is None:
        return Skip("module_gone")

    def subject() -> str:
        if overdue:
            return _("Overdue: “%(module)s”", module=title)
        return _("Due on %(date)s: “%(module)s”", date=format_date(due_on, "long"), module=title)

    def line() -> str:
        if overdue:
            return _(
                "The training module “%(module)s” was due on %(date)s and is not completed "
                "yet. It takes a few minutes: you can do it today.",
                module=title,
                date=format_date(due_on, "long"),
            )
        return _(
            "The training module “%(module)s” is required of you by %(date)s.",
            module=title,
            date=format_date(due_on, "long"),
        )

    return compose(
        person.email,
        person.language,
        subject=subject,
        paragraphs=[lambda: _("Hello %(name)s,", name=person.given_name), line],
        link=absolute_url("learn.module", module_id=module_id),
        link_label=lambda: _("Open the module"),
    )


def todo_message(person: Recipient, todo: list[ModuleStanding], sender: str | None) -> Mail:
    lang = _language(person)
    now = today()

    def item(standing: ModuleStanding) -> str:
        title = _title(standing.module_id, lang) or standing.module_id
        if standing.due_on is None:
            return "• " + title
        if standing.status(now) == "overdue":
            return "• " + _(
                "%(module)s (was due on %(date)s)",
                module=title,
                date=format_date(standing.due_on, "long"),
            )
        return "• " + _(
            "%(module)s (due on %(date)s)", module=title, date=format_date(standing.due_on, "long")
        )

    def intro() -> str:
        if sender:
            return _("%(sender)s reminds you of the training required of you:", sender=sender)
        return _("This is a reminder of the training required of you:")

    return compose(
        person.email,
        person.language,
        subject=lambda: _("Your required training"),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=person.given_name),
            lambda: intro() + "\n" + "\n".join(item(s) for s in todo),
            lambda: _("Each module takes a few minutes."),
        ],
        link=absolute_url("learn.catalog"),
        link_label=lambda: _("Open your training"),
    )


def still_to_do(person: Recipient) -> list[ModuleStanding]:
    from academy.models import User

    joined = db.session.scalar(select(User.created_at).where(User.id == person.id))
    ref = PersonRef(person.id, person.department_id, joined)
    mine = standings([ref], {ref.id: requirements_of(ref)})[ref.id]
    now = today()
    return [s for s in mine if s.status(now) != DONE]


def _due(person: Recipient, args: Mapping[str, Any], overdue: bool) -> Mail | Skip:
    module_id = str(args["module_id"])
    if _completed(person.id, module_id):
        return Skip("completed")
    return due_message(person, module_id, date.fromisoformat(str(args["due_on"])), overdue)


@composer(DUE_SOON)
def _due_soon(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    return _due(person, args, overdue=False)


@composer(OVERDUE)
def _overdue(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    return _due(person, args, overdue=True)


@composer(REMIND)
def _remind(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    todo = still_to_do(person)
    if not todo:
        return Skip("completed")
    return todo_message(person, todo, args.get("sender"))
