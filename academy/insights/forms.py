from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

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
    submit = SubmitField(_l("Create token"))


class RevokeForm(Form):
    submit = SubmitField(_l("Revoke"))
