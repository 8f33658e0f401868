"""The assessment's emails: the announcement, the reminder and the thanks.

Each is built in the recipient's language when it is sent, with the cycle as it is
then (a reminder to someone who answered a minute ago is skipped, not sent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy import select

from academy.extensions import db
from academy.mail import Mail, compose
from academy.models import Cycle, CycleMember, CycleStatus
from academy.outreach import Skip, composer
from academy.outreach.deliveries import Recipient
from academy.security import absolute_url

ANNOUNCE = "cycle-announce"
REMIND = "cycle-remind"
THANK = "cycle-thank"


@dataclass(frozen=True)
class CycleFacts:
    id: int
    name: str
    closes_on: date
    status: CycleStatus
    participation: float | None  # 0..1, once closed


def cycle_facts(cycle_id: int, memo: dict[str, Any]) -> CycleFacts | None:
    key = f"cycle:{cycle_id}"
    if key not in memo:
        cycle = db.session.get(Cycle, cycle_id)
        memo[key] = None if cycle is None else _facts(cycle)
    return memo[key]


def _facts(cycle: Cycle) -> CycleFacts:
    rate = None
    if cycle.status == CycleStatus.CLOSED:
        from academy.reports.participation import participation

        company = participation(cycle).company
        rate = company.responses / company.headcount if company.headcount else None
    return CycleFacts(cycle.id, cycle.name, cycle.closes_on, cycle.status, rate)


def _answered(cycle_id: int, user_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(CycleMember.answered).where(
                CycleMember.cycle_id == cycle_id, CycleMember.user_id == user_id
            )
        )
    )


def _anonymity() -> str:
    return _(
        "Your answers are anonymous: they are kept without your name and shown only as "
        "figures of groups of at least %(num)d people. We know whether you took part, "
        "never what you answered.",
        num=current_app.config["MIN_GROUP_SIZE"],
    )


def announcement(person: Recipient, facts: CycleFacts) -> Mail:
    return compose(
        person.email,
        person.language,
        subject=lambda: _("Have your say: “%(cycle)s” is open", cycle=facts.name),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=person.given_name),
            lambda: _(
                "The customer-culture assessment “%(cycle)s” is open until %(date)s. It "
                "takes about ten minutes, and you answer once.",
                cycle=facts.name,
                date=format_date(facts.closes_on, "long"),
            ),
            _anonymity,
            lambda: _(
                "Your answers show where serving customers well comes easily here and where "
                "it is hard, so that training and plans go where they help most."
            ),
        ],
        link=absolute_url("assess.current"),
        link_label=lambda: _("Answer the assessment"),
    )


def reminder(person: Recipient, facts: CycleFacts) -> Mail:
    return compose(
        person.email,
        person.language,
        subject=lambda: _(
            "Reminder: “%(cycle)s” closes on %(date)s",
            cycle=facts.name,
            date=format_date(facts.closes_on, "long"),
        ),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=person.given_name),
            lambda: _(
                "There is still time to answer the customer-culture assessment “%(cycle)s”: "
                "it closes on %(date)s.",
                cycle=facts.name,
                date=format_date(facts.closes_on, "long"),
            ),
            _anonymity,
            lambda: _(
                "If you have answered in the last few minutes, thank you: ignore this message."
            ),
        ],
        link=absolute_url("assess.current"),
        link_label=lambda: _("Answer the assessment"),
    )


def thanks(person: Recipient, facts: CycleFacts) -> Mail:
    def took_part() -> str:
        if facts.participation is None:
            return _("The customer-culture assessment “%(cycle)s” has closed.", cycle=facts.name)
        return _(
            "The customer-culture assessment “%(cycle)s” has closed: %(rate)s of the people "
            "asked took part.",
            cycle=facts.name,
            rate=format_percent(facts.participation),
        )

    return compose(
        person.email,
        person.language,
        subject=lambda: _("Thank you: “%(cycle)s” has closed", cycle=facts.name),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=person.given_name),
            took_part,
            lambda: _(
                "Thank you to everyone who answered. The results, by department and never by "
                "person, now go to HR and to the managers, who will share what they show and "
                "what will be done about it."
            ),
        ],
        link=absolute_url("main.home"),
        link_label=lambda: _("Open the Academy"),
    )


def _cycle_message(
    person: Recipient, args: Mapping[str, Any], memo: dict[str, Any], *, needs_open: bool
) -> CycleFacts | Skip:
    facts = cycle_facts(int(args["cycle_id"]), memo)
    if facts is None:
        return Skip("cycle_deleted")
    if needs_open and facts.status != CycleStatus.OPEN:
        return Skip("cycle_not_open")
    if needs_open and _answered(facts.id, person.id):
        return Skip("answered")
    return facts


@composer(ANNOUNCE)
def _announce(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    facts = _cycle_message(person, args, memo, needs_open=True)
    return facts if isinstance(facts, Skip) else announcement(person, facts)


@composer(REMIND)
def _remind(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    facts = _cycle_message(person, args, memo, needs_open=True)
    return facts if isinstance(facts, Skip) else reminder(person, facts)


@composer(THANK)
def _thank(person: Recipient, args: Mapping[str, Any], memo: dict[str, Any]) -> Mail | Skip:
    facts = _cycle_message(person, args, memo, needs_open=False)
    if isinstance(facts, Skip):
        return facts
    if facts.status != CycleStatus.CLOSED:
        return Skip("cycle_not_closed")
    return thanks(person, facts)
