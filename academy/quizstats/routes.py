from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from academy.content import get_catalog
from academy.extensions import db
from academy.i18n import current_language
from academy.main.panels import home_panel
from academy.models import User
from academy.quizstats import bp
from academy.quizstats.services import question_reports, quiz_overview
from academy.reports.csvfiles import csv_response


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


@bp.route("/export/summary.csv")
def export_summary():
    rows = [
        [
            module.title(current_language()),
            s.attempts if s else 0,
            s.people if s else 0,
            f"{s.mean_score:.1f}" if s else "",
            f"{s.passed / s.attempts * 100:.1f}" if s else "",
        ]
        for module, s in quiz_overview()
    ]
    header = [_("Module"), _("Attempts"), _("People"), _("Average score %"), _("Pass rate %")]
    response = csv_response("quizzes.csv", header, rows, current_user, "quizzes")
    db.session.commit()
    return response


@bp.route("/export/<module_id>.csv")
def export_quiz(module_id: str):
    module = get_catalog().module(module_id)
    if module is None or module.quiz is None:
        abort(404)
    lang = current_language()
    _analysed, questions = question_reports(module)
    rows = []
    for q in questions:
        prompt = Markup(q.question.prompt_html(lang)).striptags()  # noqa: S704 - sanitised content
        for option in q.question.options:
            share = q.share(option.id)
            rows.append(
                [
                    q.question.id,
                    prompt,
                    "" if q.facility is None else f"{q.facility:.1f}",
                    "" if q.discrimination is None else f"{q.discrimination:.3f}",
                    Markup(option.text_html(lang)).striptags(),  # noqa: S704 - sanitised content
                    _("yes") if option.correct else "",
                    "" if share is None else f"{share:.1f}",
                ]
            )
    header = [
        _("Question"),
        _("Prompt"),
        _("Facility %"),
        _("Discrimination"),
        _("Option"),
        _("Correct"),
        _("Chosen %"),
    ]
    response = csv_response(f"quiz-{module.id}.csv", header, rows, current_user, "quiz")
    db.session.commit()
    return response
