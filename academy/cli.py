"""`flask ...` commands, registered by the application factory."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from academy import demo, demo_generate
from academy.content import get_catalog
from academy.extensions import db
from academy.insights.cli import insights_cli
from academy.models import ROLES, Department
from academy.people import PeopleError, create_user

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--given-name", required=True)
@click.option("--family-name", default="")
@click.option("--department", "department_slug", required=True, help="Department slug.")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), help="Repeatable.")
@click.option("--language", type=click.Choice(["en", "it"]), default=None)
@click.password_option(help="Prompted (twice) when not given.")
def create_user_command(
    email: str,
    given_name: str,
    family_name: str,
    department_slug: str,
    roles: tuple[str, ...],
    language: str | None,
    password: str,
) -> None:
    """Create a user who can log in with PASSWORD."""
    dept = db.session.scalar(select(Department).where(Department.slug == department_slug))
    if dept is None:
        known = ", ".join(db.session.scalars(select(Department.slug).order_by(Department.slug)))
        raise click.ClickException(
            f"no department with slug {department_slug!r}; known: {known or 'none'}"
        )
    try:
        user = create_user(
            email=email,
            given_name=given_name,
            family_name=family_name,
            department=dept,
            roles=set(roles),
            password=password,
            language=language,
        )
    except PeopleError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Created {user.email} in {dept.name} ({', '.join(sorted(user.roles)) or 'employee'})."
    )


@demo_cli.command("seed")
def seed_command() -> None:
    """Load demo departments and one login per role, only into an empty database."""
    logins = demo.seed(current_app.instance_path)
    if logins is None:
        click.echo(
            "The database already has users: demo data not loaded "
            "(the demo logins, if any, are unchanged)."
        )
    else:
        click.echo(
            f"Loaded demo data: {len(logins)} logins, "
            f"{demo.SAMPLE['employees']} generated employees with "
            f"{demo.SAMPLE['cycles']} assessment cycles."
        )


@demo_cli.command("generate")
@click.option("--employees", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--departments", type=click.IntRange(1), default=20, show_default=True)
@click.option("--cycles", type=click.IntRange(0), default=4, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option("--open-last", is_flag=True, help="Leave the last cycle open.")
@click.option("--force", is_flag=True, help="Generate even into a database with real people.")
def generate_command(
    employees: int, departments: int, cycles: int, seed: int, open_last: bool, force: bool
) -> None:
    """Generate people, training activity and assessment cycles for demos and benchmarks."""
    real = demo.real_people()
    if real and not force:
        raise click.ClickException(
            f"This database holds {real} real people (addresses outside the demo's "
            "example.com): generated people and answers would mix with theirs. Use an empty "
            "database, or --force if you really mean it."
        )
    steps = demo_generate.total_steps(employees, cycles)
    with click.progressbar(length=steps, label="Generating", show_eta=True) as bar:
        try:
            result = demo_generate.generate(
                get_catalog(),
                employees=employees,
                departments=departments,
                cycles=cycles,
                seed=seed,
                open_last=open_last,
                on_progress=bar.update,
            )
        except demo_generate.GenerateError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Generated {result.departments} departments, {result.users} people, "
        f"{result.quiz_attempts} quiz attempts, {result.cycles} cycles, "
        f"{result.responses} responses, {result.answers} answers."
    )
    if result.small_departments:
        click.echo(
            f"Small departments (suppressed in reports): {', '.join(result.small_departments)}"
        )


@demo_cli.command("logins")
def logins_command() -> None:
    """Print the demo logins created by `flask demo seed`."""
    logins = demo.read_logins(current_app.instance_path)
    if not logins:
        click.echo("No demo logins recorded (was `flask demo seed` run on this instance?).")
        return
    click.echo("Demo logins (role, email, password):")
    for role, email, password in logins:
        click.echo(f"  {role:<10} {email:<24} {password}")


def init_app(app: Flask) -> None:
    from academy import backup  # noqa: F401 - adds `flask db backup` and `flask db restore`
    from academy.admin.cli import import_command

    users_cli.add_command(import_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(insights_cli)
