from sqlalchemy import func, select

from academy.extensions import db
from academy.models import Cycle, CycleMember, CycleStatus, ModuleProgress, QuizAttempt, User
from tests import factories
from tests.conftest import login


def test_users_create(app, runner):
    factories.department("Sales", "sales")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New@Example.com",
            "--given-name",
            "Nadia",
            "--family-name",
            "Greco",
            "--department",
            "sales",
            "--role",
            "hr",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created new@example.com in Sales (hr)" in result.output
    user = User.by_email("new@example.com")
    assert user.roles == {"hr"}
    assert login(app.test_client(), user, "a long enough password").status_code == 302


def test_users_create_reports_unknown_department_and_duplicates(app, runner):
    factories.department("Sales", "sales")
    args = ["users", "create", "--email", "a@example.com", "--given-name", "A", "--password", "pw"]
    result = runner.invoke(args=[*args, "--department", "nowhere"])
    assert result.exit_code != 0
    assert "no department with slug 'nowhere'; known: sales" in result.output
    assert runner.invoke(args=[*args, "--department", "sales"]).exit_code == 0
    again = runner.invoke(args=[*args, "--department", "sales"])
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_demo_seed_runs_once_and_prints_logins(app, runner, tmp_path):
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["demo", "seed"])
    assert "Loaded demo data" in result.output
    logins = runner.invoke(args=["demo", "logins"]).output
    assert "admin@example.com" in logins
    assert "hr@example.com" in logins
    _role, email, password = logins.splitlines()[1].split()
    assert login(app.test_client(), email, password).status_code == 302
    again = runner.invoke(args=["demo", "seed"])
    assert "already has users" in again.output


def test_demo_seed_leaves_the_last_cycle_open_for_the_demo_employee(app, runner, tmp_path):
    app.instance_path = str(tmp_path)
    runner.invoke(args=["demo", "seed"])
    cycles = db.session.scalars(select(Cycle).order_by(Cycle.opens_on)).all()
    assert [c.status for c in cycles] == [CycleStatus.CLOSED, CycleStatus.CLOSED, CycleStatus.OPEN]
    employee = User.by_email("employee@example.com")
    mine = select(CycleMember.answered).where(
        CycleMember.cycle_id == cycles[-1].id, CycleMember.user_id == employee.id
    )
    assert db.session.scalar(mine) is False  # asked, not answered yet
    answered = select(func.count()).where(CycleMember.answered.is_(True))
    assert db.session.scalar(answered) > 0

    logins = {line.split()[1]: line.split()[2] for line in _logins(runner)}
    client = app.test_client()
    login(client, "employee@example.com", logins["employee@example.com"])
    home = client.get("/").get_data(as_text=True)
    assert "Answer the assessment" in home
    progress = db.session.scalars(
        select(ModuleProgress).where(ModuleProgress.user_id == employee.id)
    )
    assert [(p.module_id, p.completed_at) for p in progress] == [("customer-culture-basics", None)]

    trainer = app.test_client()
    login(trainer, "trainer@example.com", logins["trainer@example.com"])
    quizzes = trainer.get("/trainer/quizzes/").get_data(as_text=True)
    assert "Customer culture basics" in quizzes
    passed = select(func.count()).where(
        QuizAttempt.passed.is_(True),
        QuizAttempt.user_id.in_(
            select(User.id).where(User.email.in_(["trainer@example.com", "hr@example.com"]))
        ),
    )
    assert db.session.scalar(passed) == 2


def _logins(runner) -> list[str]:
    return [
        line for line in runner.invoke(args=["demo", "logins"]).output.splitlines() if "@" in line
    ]
