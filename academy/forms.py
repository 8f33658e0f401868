"""The base form every page form derives from."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm

from academy.stash import take_stash


class Form(FlaskForm):
    """A FlaskForm that starts from the input kept by `academy.stash` after an expiry."""

    restored: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "formdata" not in kwargs and not args and request.method == "GET":
            kept = take_stash(request.path)
            if kept is not None:
                kwargs["formdata"] = kept
                self.restored = True
        super().__init__(*args, **kwargs)


def strip(value: str | None) -> str | None:
    """WTForms filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value
