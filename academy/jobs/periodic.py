"""Work that is due at a time: run every minute by the worker, or by `flask jobs tick`.

Features register a function that does what is due at a given moment and says what it
did; each must be safe to run again at the same moment (it acts only on what is still
due) and from several workers at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from huey import crontab

from academy.jobs.queue import _app_for_job, huey
from academy.models import utcnow

log = logging.getLogger("academy.jobs")

DueWork = Callable[[datetime], list[str]]
DUE_WORK: dict[str, DueWork] = {}


def every_minute(name: str) -> Callable[[DueWork], DueWork]:
    def register(function: DueWork) -> DueWork:
        DUE_WORK[name] = function
        return function

    return register


def run_due_work(now: datetime | None = None) -> list[str]:
    """Run every registered piece of due work at `now` (naive UTC, default: now)."""
    from academy.extensions import db

    moment = now or utcnow()
    done: list[str] = []
    for name, function in DUE_WORK.items():
        try:
            done.extend(function(moment))
        except Exception:
            db.session.rollback()
            # One failing piece must not stop the others; it is tried again next minute.
            log.exception("scheduled work %s failed", name)
    return done


@huey.periodic_task(crontab(minute="*"), name="academy.due")
def _tick() -> None:
    with _app_for_job().app_context():
        for line in run_due_work():
            log.info("scheduled: %s", line)
