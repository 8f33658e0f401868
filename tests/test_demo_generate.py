"""`flask demo generate`: believable, deterministic demo data at scale (small here)."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import (
    Answer,
    Cycle,
    CycleMember,
    CycleResult,
    CycleStatus,
    ModuleProgress,
    QuizAttempt,
    Response,
    SealedResponse,
    User,
)

ARGS = [
    "demo",
    "generate",
    "--employees",
    "80",
    "--departments",
    "8",
    "--cycles",
    "3",
    "--seed",
    "5",
]


def _fingerprint() -> tuple:
    people = db.session.execute(select(User.email, User.given_name).order_by(User.email)).all()
    answers = db.session.execute(
        select(Answer.item_id, func.count(Answer.score), func.sum(Answer.score))
        .group_by(Answer.item_id)
        .order_by(Answer.item_id)
    ).all()
    attempts = db.session.execute(select(func.count(), func.sum(QuizAttempt.score_pct))).one()
    return tuple(people), tuple(answers), tuple(attempts)


def test_generate_creates_people_training_and_cycles(app, runner):
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert "Generated 8 departments, 80 people" in result.output
    assert "Small departments (suppressed in reports): Legal" in result.output
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    assert count(User) == 80
    assert db.session.scalar(select(User.password_hash).limit(1)) is None
    cycles = db.session.scalars(select(Cycle).order_by(Cycle.opens_on)).all()
    assert [c.status for c in cycles] == [CycleStatus.CLOSED] * 3
    assert count(CycleMember) == 3 * 80  # everyone asked in each cycle
    responses = count(Response)
    answered = select(func.count()).where(CycleMember.answered.is_(True))
    assert db.session.scalar(answered) == responses
    assert count(SealedResponse) == 0  # every cycle closed: every answer released
    assert count(CycleResult) == 3
    assert count(Answer) == responses * 32
    assert 0.5 * 80 * 3 < responses <= 80 * 3
    assert count(QuizAttempt) > 0
    assert count(ModuleProgress) > 0
    # Reverse-keyed items are stored reversed: score = 6 - value, except for misreadings.
    mismatched = db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.value != Answer.score)
    )
    assert mismatched > 0
    # Don't know: value and score both NULL.
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.value.is_(None)))
    # Departments differ: not every department has the same mean.
    means = db.session.scalars(select(func.avg(Answer.score)).group_by(Answer.department_id)).all()
    assert max(means) - min(means) > 0.2


def test_generate_is_deterministic_and_refuses_the_same_seed_twice(app, runner):
    assert runner.invoke(args=ARGS).exit_code == 0
    first = _fingerprint()
    again = runner.invoke(args=ARGS)
    assert again.exit_code != 0
    assert "data for seed 5 already exists" in again.output
    db.session.remove()
    db.drop_all()
    db.create_all()
    assert runner.invoke(args=ARGS).exit_code == 0
    assert _fingerprint() == first


def test_generate_open_last_leaves_a_cycle_open(app, runner):
    result = runner.invoke(args=[*ARGS[:-1], "6", "--open-last"])
    assert result.exit_code == 0, result.output
    statuses = db.session.scalars(select(Cycle.status).order_by(Cycle.opens_on)).all()
    assert statuses == [CycleStatus.CLOSED, CycleStatus.CLOSED, CycleStatus.OPEN]


def test_generate_rejects_impossible_sizes(app, runner):
    result = runner.invoke(args=["demo", "generate", "--employees", "5", "--departments", "4"])
    assert result.exit_code != 0
    assert "at least 3 employees per department" in result.output


def test_demo_seed_gives_hr_something_to_see(app, runner, tmp_path):
    from tests.conftest import login

    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    email = "hr@example.com"
    password = next(
        line.split("\t")[2]
        for line in (tmp_path / "demo-logins.txt").read_text().splitlines()
        if line.split("\t")[1] == email
    )
    client = app.test_client()
    login(client, email, password)
    page = client.get("/insights/heatmap").get_data(as_text=True)
    assert "Too few answers to show" in page  # Legal is small in the demo
    assert "Customer Service" in page


def test_generate_refuses_a_database_with_real_people_unless_forced(app, runner):
    from tests import factories

    factories.user(email="maria.rossi@realcompany.it")
    result = runner.invoke(args=ARGS)
    assert result.exit_code != 0
    assert "holds 1 real people" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    forced = runner.invoke(args=[*ARGS, "--force"])
    assert forced.exit_code == 0, forced.output
