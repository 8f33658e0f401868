"""`flask insights precompute`: store the aggregates of closed cycles ahead of the first view."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from academy.insights.precompute import precompute_closed_cycles

insights_cli = AppGroup("insights", help="HR insights.")


@insights_cli.command("precompute")
def precompute_command() -> None:
    """Store the aggregates of closed cycles so that the first report view is fast too."""
    n = precompute_closed_cycles()
    click.echo(f"Aggregates stored for {n} closed cycles.")
