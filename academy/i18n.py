"""Language selection: the user's preference, else the session's choice, else the browser."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel import Locale
from flask import Flask, current_app, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from academy.extensions import babel

LANGUAGE_NAMES = {"en": "English", "it": "Italiano"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> Locale:
    languages = supported()
    user_language = getattr(current_user, "language", None) if current_user else None
    if user_language in languages:
        code = user_language
    elif session.get("lang") in languages:
        code = session["lang"]
    else:
        code = request.accept_languages.best_match(languages) or languages[0]
    return _locale(code)


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    # Parsing looks the locale data up on disk; there are only a couple of languages.
    return Locale.parse(code)


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def bound_gettext() -> dict[str, Callable[..., Any]]:
    """Template gettext/ngettext bound to this render's translations.

    Flask-Babel's template callables look the translations up again (through `g`) on
    every call; a page makes dozens of calls, so the lookup is done once per render.
    Same semantics as Jinja's newstyle gettext: escaped when autoescaping, then `%`.
    """
    translations = get_translations()

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
        rv = translations.ugettext(string)
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 - our own catalogs, as in Jinja's gettext
        return rv % variables

    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        rv = translations.ungettext(singular, plural, num)
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 - our own catalogs, as in Jinja's gettext
        return rv % variables

    # `_` too: Jinja's own `_` looks `gettext` up again on every call.
    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(bound_gettext)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
