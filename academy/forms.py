"""The base form every page form derives from."""

from __future__ import annotations

from typing import Any

from babel.support import Translations
from flask import request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

from academy.stash import take_stash

_wtforms_translations: dict[str, Translations] = {}


def wtforms_translations() -> Translations:
    """WTForms' own messages in the current language, loaded once per language.

    Flask-WTF reads the catalogue from disk for every request that builds a form; on
    pages served many times a second that was a measurable share of the time.
    """
    locale = str(get_locale())
    translations = _wtforms_translations.get(locale)
    if translations is None:
        translations = Translations.load(messages_path(), [locale], domain="wtforms")
        _wtforms_translations[locale] = translations
    return translations


class Form(FlaskForm):
    """A FlaskForm that starts from the input kept by `academy.stash` after an expiry."""

    restored: bool = False

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Translations:
            return wtforms_translations()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if (
            "formdata" not in kwargs
            and not args
            and request.method == "GET"
            and current_user.is_authenticated
        ):
            kept = take_stash(current_user.id, request.path)
            if kept is not None:
                kwargs["formdata"] = kept
                self.restored = True
        super().__init__(*args, **kwargs)


def strip(value: str | None) -> str | None:
    """WTForms filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value
