from flask import abort, render_template

from academy.content import get_catalog
from academy.main.panels import home_panel
from academy.models import User
from academy.quizstats import bp
from academy.quizstats.services import question_reports, quiz_overview


@bp.route("/")
def index():
    return render_template("quizstats/index.html", quizzes=quiz_overview())


@bp.route("/<module_id>")
def quiz(module_id: str):
    module = get_catalog().module(module_id)
    if module is None or module.quiz is None:
        abort(404)
    analysed, questions = question_reports(module)
    return render_template(
        "quizstats/quiz.html", module=module, analysed=analysed, questions=questions
    )


@home_panel("quizstats/_home_panel.html", order=60)
def trainer_panel(user: User) -> dict | None:
    return {} if user.has_role("trainer") else None
