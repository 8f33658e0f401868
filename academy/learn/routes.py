"""Learning pages: catalog, module pages with their quiz, results, progress, trainers' views.

Routes stay thin: the use cases are in :mod:`academy.learn.services`.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from academy.auth.session_users import SessionUser
from academy.catalog import Catalog, Module, Quiz
from academy.content import cached_fragment, get_catalog
from academy.i18n import current_language
from academy.learn import attempts, bp, services
from academy.learn.forms import MarkReadForm, QuizForm, quiz_form
from academy.models.people import PersonMixin
from academy.pagecache import cached_page, hole
from academy.security import role_required
from academy.stash import has_stash
from academy.templating import HeaderAccount
from academy.training.requirements import due_dates

QUIZ_CHANGED = "quiz_changed"
TICKET_INVALID = "ticket_invalid"


def _module_or_404(user: PersonMixin, catalog: Catalog, module_id: str) -> Module:
    """A module the person may take; drafts and other departments' modules do not exist."""
    module = services.visible_module(user, catalog, module_id)
    if module is None:
        abort(404)
    return module


def _overview(template: str) -> Any:
    due = due_dates(current_user)
    states = services.states_for(current_user, get_catalog(), due)
    return render_template(
        template,
        states=states,
        required=services.required_progress(states, due),
        due=due,
        lang=current_language(),
    )


@bp.get("/")
def catalog() -> Any:
    return _overview("learn/catalog.html")


@bp.get("/progress")
def progress() -> Any:
    return _overview("learn/progress.html")


def _module_page(
    module: Module,
    state: services.ModuleState,
    form: QuizForm | None = None,
    ticket: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Any:
    """The module page; ``form`` only when answers or errors must be shown again."""
    return _render_module_page(module, state, form, ticket, notice), status


def _render_module_page(
    module: Module,
    state: services.ModuleState,
    form: QuizForm | None,
    ticket: str | None,
    notice: str | None,
    **overrides: Any,
) -> str:
    lang = current_language()
    content_lang = services.content_language(module, lang)
    questions_html = None
    if module.quiz is not None and (form is None or form.pristine):
        questions_html = _questions_html(module.id, module.quiz, lang)
    return render_template(
        "learn/module.html",
        body_html=_body_html(module, lang, content_lang),
        questions_html=questions_html,
        module=module,
        state=state,
        form=form,
        ticket=ticket,
        read_form=MarkReadForm() if module.quiz is None and not state.done else None,
        notice=notice,
        lang=lang,
        content_lang=content_lang,
        **overrides,
    )


def _shared_module_page(
    user: SessionUser, module: Module, state: services.ModuleState, ticket: str | None
) -> str:
    """The module page as most requests see it, rendered once for everyone it fits.

    The key names what the page shows: the module version, the language, the address
    (the language form returns to it), the roles (navigation) and what the page shows
    of the person's progress. The person's name and email, the CSRF token and the quiz
    ticket are holes filled in on every request.
    """
    key = (
        "learn.module",
        request.full_path,
        module.id,
        module.version,
        current_language(),
        tuple(sorted(user.roles)),
        state.page_key(),
    )
    holes = {
        "csrf": generate_csrf(),
        "name": str(escape(user.given_name)),
        "email": str(escape(user.email)),
        "ticket": ticket or "",
    }
    return cached_page(
        key,
        lambda: _render_module_page(
            module,
            state,
            None,
            hole("ticket"),
            None,
            csrf_token=lambda: hole("csrf"),
            account=HeaderAccount(hole("name"), hole("email")),
        ),
        holes,
    )


def _body_html(module: Module, lang: str, content_lang: str) -> str:
    """The module text with its table of contents: the same for everyone, so rendered once."""
    return cached_fragment(
        ("module:" + module.id, module.version, "body", lang),
        lambda: render_template(
            "learn/_module_body.html", module=module, lang=lang, content_lang=content_lang
        ),
    )


def _questions_html(module_id: str, quiz: Quiz, lang: str) -> str:
    """The quiz questions as first shown: the same for everyone, so rendered once.

    The output of an autoescaped template, inserted with ``|safe``.
    """
    return cached_fragment(
        ("quiz:" + module_id, quiz.version, "questions-page", lang),
        lambda: render_template("learn/_quiz_questions.html", quiz=quiz, form=None, lang=lang),
    )


def _locked_page(state: services.ModuleState) -> Any:
    return render_template("learn/locked.html", state=state, lang=current_language()), 403


@bp.get("/modules/<module_id>")
def module(module_id: str) -> Any:
    user = current_user._get_current_object()  # the most read page: one proxy lookup
    catalog = get_catalog()
    module = _module_or_404(user, catalog, module_id)
    state = services.state_of(user, catalog, module)
    if state.locked:
        return _locked_page(state)
    if state.started_at is None:  # the first visit; later ones need no write
        services.start_module(user, module)
    ticket = attempts.issue_ticket(user, module) if module.quiz is not None else None
    if module.quiz is not None and has_stash(user.id, request.path):
        # Answers kept from an expired submission wait for the form.
        return _module_page(module, state, quiz_form(module.quiz), ticket)
    if "_flashes" in session:  # a message shown once is not worth keeping
        return _module_page(module, state, ticket=ticket)
    return _shared_module_page(user, module, state, ticket)


# Same URL as the page: an expired form comes back (with its answers) to the page itself.
@bp.post("/modules/<module_id>", endpoint="submit_quiz")
def submit_quiz(module_id: str) -> Any:
    catalog = get_catalog()
    module = _module_or_404(current_user, catalog, module_id)
    if module.quiz is None:
        abort(404)
    state = services.state_of(current_user, catalog, module)
    if state.locked:
        return _locked_page(state)
    form = quiz_form(module.quiz)
    ticket = attempts.read_ticket(form.submission_token.data, current_user, module)
    if ticket is None:
        # Not a form this site gave this person: keep the answers, start a fresh ticket.
        form.keep_existing_answers()
        fresh = attempts.issue_ticket(current_user, module)
        return _module_page(module, state, form, fresh, TICKET_INVALID, 422)
    done = attempts.find_attempt(current_user, ticket.token)
    if done is not None:  # a second submit of the same form: show the stored result
        return redirect(url_for(".attempt", attempt_id=done.id))
    if ticket.quiz_version != module.quiz.version:
        # Never score answers against a quiz the person did not see.
        form.keep_existing_answers()
        renewed = attempts.issue_ticket(
            current_user, module, token=ticket.token, started_at=ticket.started_at
        )
        return _module_page(module, state, form, renewed, QUIZ_CHANGED, 409)
    if not form.validate():
        signed = form.submission_token.data  # nothing stored under it: still valid
        return _module_page(module, state, form, signed, status=422)
    attempt = attempts.submit_attempt(current_user, module, ticket, form.answers())
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.post("/modules/<module_id>/read")
def mark_read(module_id: str) -> Any:
    catalog = get_catalog()
    module = _module_or_404(current_user, catalog, module_id)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.mark_read(current_user, catalog, module)
    except services.LearnError as exc:
        abort(403 if exc.reason == "locked" else 400)
    flash(_("“%(title)s” is complete.", title=module.title(current_language())), "success")
    return redirect(url_for(".module", module_id=module.id))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int) -> Any:
    attempt = attempts.user_attempt(current_user, attempt_id)
    if attempt is None:
        abort(404)
    catalog = get_catalog()
    module = services.visible_module(current_user, catalog, attempt.module_id)
    quiz = module.quiz if module is not None else None
    lang = current_language()
    return render_template(
        "learn/attempt.html",
        attempt=attempt,
        module=module,
        quiz=quiz,
        reviews=attempts.review(attempt, quiz) if quiz is not None else [],
        changed=quiz is not None and quiz.version != attempt.quiz_version,
        best=services.state_of(current_user, catalog, module).score if module else None,
        lang=lang,
    )


@bp.get("/assets/<module_id>/<path:relpath>")
def asset(module_id: str, relpath: str) -> Any:
    catalog = get_catalog()
    if current_user.has_role("trainer"):
        module = catalog.module(module_id)  # trainers preview drafts and every audience
    else:
        module = services.visible_module(current_user, catalog, module_id)
    path = module.asset_file(relpath) if module is not None else None
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, max_age=3600)
    response.cache_control.public = False
    response.cache_control.private = True
    return response


@bp.get("/content")
@role_required("trainer")
def content_health() -> Any:
    catalog = get_catalog()
    by_file = [(path, list(errors)) for path, errors in groupby(catalog.errors, lambda e: e.path)]
    return render_template(
        "learn/content_health.html",
        catalog=catalog,
        by_file=by_file,
        modules=catalog.visible_modules(include_drafts=True),
        unavailable=sorted(catalog.unavailable),
        lang=current_language(),
    )


@bp.get("/preview/<module_id>")
@role_required("trainer")
def preview(module_id: str) -> Any:
    catalog = get_catalog()
    module = catalog.module(module_id)
    if module is None:
        abort(404)
    lang = request.args.get("lang") or current_language()
    if lang not in catalog.languages:
        lang = catalog.default_language
    return render_template(
        "learn/preview.html",
        module=module,
        lang=lang,
        content_lang=services.content_language(module, lang),
        languages=catalog.languages,
        catalog=catalog,
    )
