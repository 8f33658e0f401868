"""The employee side: answer the open cycle once, then see one's own result."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from academy.assess import bp
from academy.assess.cycles import CycleError, assessment_for, has_answered, open_cycle_of
from academy.assess.forms import answer_form_for
from academy.assess.messages import cycle_error_message
from academy.assess.responses import AlreadyAnswered, CycleNotOpen, submit_response
from academy.assess.results import company_result
from academy.extensions import db
from academy.i18n import current_language
from academy.models import Cycle, CycleStatus
from academy.validation import MAX_ID


def _posted_cycle() -> Cycle | None:
    cycle_id = request.form.get("cycle", "")
    if not cycle_id.isascii() or not cycle_id.isdigit() or len(cycle_id) > 10:
        return None
    number = int(cycle_id)
    return db.session.get(Cycle, number) if 0 < number <= MAX_ID else None


def _refused(reason: str, category: str = "error") -> Any:
    flash(cycle_error_message(reason), category)
    return redirect(url_for("assess.current"), 303)


def _answers_back(cycle: Cycle, form: Any, lang: str) -> Any:
    """The cycle closed first: nothing was stored; show the person what they answered."""
    assessment = assessment_for(cycle)
    chosen = {}
    for item in assessment.items:
        field = form.item_field(item.id)
        labels = {choice.value: str(choice.label) for choice in field.choices}
        chosen[item.id] = labels.get(field.data, "")
    return render_template(
        "assess/answers_back.html",
        cycle=cycle,
        assessment=assessment,
        chosen=chosen,
        comment=form.comment.data,
        lang=lang,
    ), 409


@bp.route("/", methods=["GET", "POST"])
def current() -> Any:
    lang = current_language()
    if request.method == "POST":
        cycle = _posted_cycle()
        if cycle is None:
            return _refused("closed")
    else:
        cycle = open_cycle_of()
        if cycle is None:
            return render_template("assess/none_open.html")
    try:
        assessment = assessment_for(cycle)
    except CycleError as exc:
        return render_template("assess/none_open.html", problem=cycle_error_message(exc.reason))
    form = answer_form_for(assessment, lang)
    if request.method == "POST" and cycle.status != CycleStatus.OPEN:
        return _answers_back(cycle, form, lang)
    if has_answered(cycle, current_user):
        if request.method == "POST":
            return _refused("already_answered", "info")
        return render_template("assess/answered.html", cycle=cycle, assessment=assessment)
    if request.method == "GET":
        # Kept answers are shown for the cycle open now, which is where they would go.
        form.cycle.data = str(cycle.id)
    if form.validate_on_submit():
        try:
            scores = submit_response(cycle, current_user, form.answers(), form.comment.data)
        except AlreadyAnswered:
            return _refused("already_answered", "info")
        except CycleNotOpen:
            return _answers_back(cycle, form, lang)
        except CycleError as exc:
            return _refused(exc.reason)
        # Shown once, in this response, and kept nowhere: the scores are not stored with
        # the person, and the page is never cached (Cache-Control: no-store).
        return render_template(
            "assess/result.html",
            cycle=cycle,
            assessment=assessment,
            scores=scores,
            company=company_result(assessment.id),
        )
    status = 422 if form.errors else 200
    return render_template(
        "assess/answer.html", cycle=cycle, assessment=assessment, form=form, lang=lang
    ), status
