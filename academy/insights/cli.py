"""`flask insights precompute`: (re)compute the stored results of closed cycles."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from academy.content import cycle_questionnaire
from academy.extensions import db
from academy.models import Cycle, CycleStatus
from academy.reports.results import COMPUTATION_VERSION, rebuild_results

insights_cli = AppGroup("insights", help="HR insights.")


@insights_cli.command("precompute")
@click.option("--force", is_flag=True, help="Recompute even results of the current version.")
def precompute_command(force: bool) -> None:
    """Compute the results of closed cycles that have none, or an older computation's.

    A closed cycle's results are computed once, when it closes, and never change on
    their own. After an upgrade that changes the computation, this rebuilds them from
    what was stored at close and the answers, and prints every figure that moved.
    """
    cycles = db.session.scalars(
        select(Cycle).where(Cycle.status == CycleStatus.CLOSED).order_by(Cycle.opens_on, Cycle.id)
    )
    counts = {"current": 0, "computed": 0, "rebuilt": 0}
    for cycle in cycles:
        done = rebuild_results(cycle, cycle_questionnaire(cycle), force=force)
        db.session.commit()
        counts[done.status] += 1
        if done.status != "current":
            click.echo(f"{cycle.name} (cycle {cycle.id}): {done.status}")
            for line in done.changes:
                click.echo(f"  {line}")
    click.echo(
        f"Computation version {COMPUTATION_VERSION}: {counts['computed']} computed, "
        f"{counts['rebuilt']} rebuilt, {counts['current']} already current."
    )
