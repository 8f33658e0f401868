"""Translations: module.<lang>.md consistency, localized mappings, default-language fallback."""

from __future__ import annotations

from academy.catalog import LocalizedText

from .conftest import VALID_QUIZ, module_md

EXTRA = "order: 2\ntags: [prospects]\n"


def test_localized_text_falls_back_to_default():
    text = LocalizedText.of({"en": "Hello", "it": "Ciao"}, "en")
    assert (text.get("it"), text.get("en"), text.get("fr"), text.get(None)) == (
        "Ciao",
        "Hello",
        "Hello",
        "Hello",
    )
    only_en = LocalizedText.of({"en": "Hello"}, "en")
    assert only_en.get("it") == "Hello"
    assert only_en.resolve("it") == "en"


def test_translation_is_used_and_missing_language_falls_back(content):
    content.module("m", extra=EXTRA, body="## Why\n\nEnglish page.\n", quiz=VALID_QUIZ)
    content.write(
        "modules/m/module.it.md",
        module_md(
            title="Primo contatto",
            summary="Ogni sconosciuto conta.",
            extra=EXTRA,
            body="## Perché\n\nPagina italiana.\n",
        ),
    )
    module = content.load().module("m")
    assert module.languages == frozenset({"en", "it"})
    assert module.title("it") == "Primo contatto"
    assert module.summary("it") == "Ogni sconosciuto conta."
    assert "Pagina italiana" in module.html("it")
    assert "English page" in module.html("en")
    question = module.quiz.questions[0]
    assert question.prompt_html("it") == "Cosa fai per prima cosa?"
    # option b has a plain string: default language only, so Italian falls back to it
    assert question.options[1].text_html("it") == "Wait for head office"
    assert question.options[1].feedback_html("it") == "<p>Silence reads as indifference.</p>\n"


def test_language_not_supported_falls_back(content):
    content.module("m", body="English.\n")
    module = content.load().module("m")
    assert module.title("de") == "First contact"
    assert "English." in module.html("de")


def test_translation_must_repeat_other_keys_with_same_values(content):
    content.module("m", extra="order: 2\ntags: [prospects]\nrequired: true\n")
    content.write(
        "modules/m/module.it.md",
        "---\ntitle: Primo\nsummary: Ogni\norder: 3\nrequired: true\n"
        "status: published\n---\nCorpo\n",
    )
    assert content.errors() == [
        "modules/m/module.it.md:2: front matter: missing 'tags', which module.md has; a "
        "translation repeats every key of module.md (only title and summary are translated)",
        "modules/m/module.it.md:4: front matter: 'order' differs from module.md (line 4); only "
        "title and summary may differ between languages",
        "modules/m/module.it.md:6: front matter: 'status' is not in module.md; set it there (it "
        "applies to every language)",
    ]
    assert content.load().module("m") is None


def test_translation_needs_its_own_title(content, only_error):
    content.module("m")
    content.write("modules/m/module.it.md", "---\nsummary: Ogni\n---\nCorpo\n")
    assert only_error() == "modules/m/module.it.md:2: front matter: missing required key 'title'"


def test_unsupported_and_default_language_files(content):
    content.module("m")
    content.write("modules/m/module.fr.md", module_md())
    content.write("modules/m/module.en.md", module_md())
    assert content.errors() == [
        "modules/m/module.en.md: module.en.md repeats the default language: the 'en' text "
        "belongs in module.md",
        "modules/m/module.fr.md: unsupported language 'fr' (supported: en, it)",
    ]


def test_languages_are_loader_parameters(content):
    content.module("m")
    content.write("modules/m/module.fr.md", module_md(title="Premier contact"))
    catalog = content.load(languages=("it", "fr"), default_language="it")
    assert catalog.errors == ()
    assert catalog.module("m").title("fr") == "Premier contact"
    assert catalog.languages == ("it", "fr")


def test_unknown_language_code_in_quiz_mapping(content, only_error):
    content.module(
        "m", quiz=VALID_QUIZ.replace('it: "Cosa fai per prima cosa?"', 'fr: "Que faites-vous?"')
    )
    assert only_error() == (
        "modules/m/quiz.yaml:6: question 'slow-paperwork': 'prompt': "
        "unknown language 'fr' (supported: en, it)"
    )


def test_localized_mapping_needs_default_language(content, only_error):
    content.module(
        "m", quiz=VALID_QUIZ.replace('prompt: {en: "What do you do first?", it:', "prompt: {it:")
    )
    assert only_error() == (
        "modules/m/quiz.yaml:6: question 'slow-paperwork': 'prompt' has "
        "no 'en' text; the default language is required"
    )


def test_localized_value_must_be_text(content, only_error):
    quiz = VALID_QUIZ.replace('text: "Wait for head office"', "text:\n          en: [a, b]")
    content.module("m", quiz=quiz)
    assert only_error() == (
        "modules/m/quiz.yaml:14: question 'slow-paperwork', option 'b': "
        "'text': the 'en' text must be a non-empty text, found a list"
    )
