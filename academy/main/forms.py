from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from academy.forms import Form
from academy.i18n import LANGUAGE_NAMES


class LanguageForm(Form):
    language = SelectField(
        _l("Language"), choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    )
    next = HiddenField()
    submit = SubmitField(_l("Change"))
