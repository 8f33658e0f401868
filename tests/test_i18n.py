"""English and Italian ship complete: every string in the code has an Italian translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests import factories
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("academy/**.py", "python"), ("academy/templates/**.html", "jinja2")]


def _extracted() -> set[str]:
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        METHODS,
        keywords=KEYWORDS,
        options_map={"academy/templates/**.html": {"extensions": "jinja2.ext.do"}},
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def test_italian_catalog_translates_every_message():
    with open(ROOT / "academy/translations/it/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    missing = sorted(
        m
        for m in _extracted()
        if m and (catalog.get(m) is None or not catalog.get(m).string or catalog.get(m).fuzzy)
    )
    assert not missing, f"{len(missing)} strings lack an Italian translation: {missing[:20]}"


def test_italian_ui_for_a_user_who_prefers_italian(client, app):
    user = factories.user(language="it", given_name="Luca")
    login(client, user)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="it">' in page
    assert "Ciao, Luca" in page
    assert "Esci" in page


def test_browser_language_is_used_before_login(client):
    page = client.get("/auth/login", headers={"Accept-Language": "it-IT,it;q=0.9"})
    assert "Accedi" in page.get_data(as_text=True)
    page = client.get("/auth/login", headers={"Accept-Language": "en-GB"})
    assert "Log in" in page.get_data(as_text=True)


def test_language_switcher_saves_the_preference(client, app):
    user = factories.user()
    login(client, user)
    response = client.post("/language", data={"language": "it", "next": "/auth/password"})
    assert response.headers["Location"] == "/auth/password"
    assert user.language == "it"
    assert "Cambia password" in client.get("/auth/password").get_data(as_text=True)


def test_language_switcher_refuses_off_site_next(client):
    response = client.post("/language", data={"language": "it", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
