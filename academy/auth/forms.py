from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from academy.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from academy.forms import Form, strip


def email_field() -> EmailField:
    """The email field of the login and forgot-password forms."""
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("An email address has at most %(max)d characters.")),
            Email(_l("Enter a valid email address.")),
        ],
        filters=[strip],
        render_kw={"autocomplete": "username"},
    )


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=MAX_PASSWORD_LENGTH, message=_l("Wrong email or password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField(validators=[Length(max=2000)])
    submit = SubmitField(_l("Log in"))


class NewPasswordMixin:
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a new password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l(
                    "Use between %(n)d and %(max)d characters.",
                    n=MIN_PASSWORD_LENGTH,
                    max=MAX_PASSWORD_LENGTH,
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(Form, NewPasswordMixin):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(Form):
    email = email_field()
    submit = SubmitField(_l("Send me a link"))


class ChoosePasswordForm(Form, NewPasswordMixin):
    submit = SubmitField(_l("Save password"))
