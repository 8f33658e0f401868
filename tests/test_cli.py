from academy.models import User
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
