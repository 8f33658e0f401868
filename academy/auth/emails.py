"""The invitation and password-reset emails, written in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext

from academy.auth.links import INVITATION, PASSWORD_RESET, make_token, max_age_hours
from academy.mail import Mail, compose
from academy.models import User

LinkBuilder = Callable[[str], str]


def invitation(
    user: User,
    link_for: LinkBuilder,
    inviter: User | None = None,
    inviter_name: str | None = None,
) -> Mail:
    """An invitation to set a first password. `link_for(token)` returns the absolute URL."""
    link = link_for(make_token(user, INVITATION))
    hours = max_age_hours(INVITATION)
    by = inviter.name if inviter is not None else inviter_name

    def invited_by() -> str:
        if by:
            return _(
                "%(inviter)s has invited you to the Customer Culture Academy, where you can "
                "take short training modules and answer the customer-culture assessment.",
                inviter=by,
            )
        return _(
            "You have been invited to the Customer Culture Academy, where you can take short "
            "training modules and answer the customer-culture assessment."
        )

    return compose(
        user.email,
        user.language,
        subject=lambda: _("Your invitation to the Customer Culture Academy"),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=user.given_name),
            invited_by,
            lambda: ngettext(
                "Open the link above to choose your password. It works once and expires in "
                "%(num)d hour.",
                "Open the link above to choose your password. It works once and expires in "
                "%(num)d hours.",
                hours,
            ),
            lambda: _("Your login is %(email)s.", email=user.email),
        ],
        link=link,
        link_label=lambda: _("Choose your password"),
    )


def password_reset(user: User, link_for: LinkBuilder) -> Mail:
    """A link to choose a new password. `link_for(token)` returns the absolute URL."""
    link = link_for(make_token(user, PASSWORD_RESET))
    hours = max_age_hours(PASSWORD_RESET)
    return compose(
        user.email,
        user.language,
        subject=lambda: _("Reset your Customer Culture Academy password"),
        paragraphs=[
            lambda: _("Hello %(name)s,", name=user.given_name),
            lambda: _("Someone, probably you, asked to reset your password."),
            lambda: ngettext(
                "Open the link above to choose a new password. It works once and expires in "
                "%(num)d hour.",
                "Open the link above to choose a new password. It works once and expires in "
                "%(num)d hours.",
                hours,
            ),
            lambda: _(
                "If you did not ask for this, ignore this email: your password stays as it is."
            ),
        ],
        link=link,
        link_label=lambda: _("Choose a new password"),
    )
