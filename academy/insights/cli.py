"""`flask insights precompute`: store the aggregates of closed cycles ahead of the first view."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from academy.insights.aggregates import cycle_data
from academy.insights.reliability import reliability_data
from academy.insights.reports import assessment_of, closed_cycles

insights_cli = AppGroup("insights", help="HR insights.")


def precompute_closed_cycles() -> int:
    """Compute and store the score and reliability aggregates of every closed cycle whose
    stored ones are missing or stale. Returns the number of cycles looked at."""
    cycles = closed_cycles()
    for cycle in cycles:
        assessment = assessment_of(cycle)
        if assessment is None:
            continue
        cycle_data(cycle, assessment.points, assessment.favourable_from)
        reliability_data(cycle, assessment)
    return len(cycles)


@insights_cli.command("precompute")
def precompute_command() -> None:
    """Store the aggregates of closed cycles so that the first report view is fast too."""
    n = precompute_closed_cycles()
    click.echo(f"Aggregates stored for {n} closed cycles.")
