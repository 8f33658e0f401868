from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from academy.api.tokens import DEFAULT_DAYS, MAX_DAYS
from academy.forms import Form, strip


class TokenForm(Form):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Give the token a name, e.g. the tool that will use it.")),
            Length(max=120, message=_l("Use at most 120 characters.")),
        ],
    )
    days = IntegerField(
        _l("Valid for (days)"),
        default=DEFAULT_DAYS,
        validators=[
            InputRequired(_l("Say how many days the token should work.")),
            NumberRange(
                min=1,
                max=MAX_DAYS,
                message=_l("Between %(min)d and %(max)d days.", min=1, max=MAX_DAYS),
            ),
        ],
    )
    submit = SubmitField(_l("Create token"))


class RevokeForm(Form):
    submit = SubmitField(_l("Revoke"))
