"""assessments/<id>.yaml rules, each with the exact line reported."""

from __future__ import annotations

import pytest

ASSESSMENT = """\
title: {en: Customer culture, it: Cultura del cliente}
intro: {en: "Answer **honestly**.", it: "Rispondi con sincerità."}
scale:
  points: 5
  labels:
    en: [Never, Rarely, Sometimes, Often, Always]
    it: [Mai, Raramente, A volte, Spesso, Sempre]
  dont_know: true
favourable_from: 4
comment: {en: "Anything to add?", it: "Altro da aggiungere?"}
dimensions:
  - id: anticipation
    title: {en: Anticipating needs, it: Anticipare i bisogni}
    description: {en: We look ahead., it: Guardiamo avanti.}
    items:
      - id: ant-1
        text: {en: We call before the customer has to., it: Chiamiamo prima.}
        reverse: false
      - id: ant-2
        text: {en: We only react to complaints., it: Reagiamo solo ai reclami.}
        reverse: true
  - id: follow-through
    title: Follow-through
    items:
      - id: fol-1
        text: We keep customers updated.
"""


def test_valid_assessment_model(content):
    content.write("assessments/culture.yaml", ASSESSMENT)
    catalog = content.load()
    assert catalog.errors == ()
    assessment = catalog.assessment("culture")
    assert len(assessment.version) == 16
    assert (assessment.title("it"), assessment.title("fr")) == (
        "Cultura del cliente",
        "Customer culture",
    )
    assert assessment.intro_html("en") == "<p>Answer <strong>honestly</strong>.</p>\n"
    assert (assessment.points, assessment.dont_know, assessment.favourable_from) == (5, True, 4)
    assert assessment.labels("it") == ("Mai", "Raramente", "A volte", "Spesso", "Sempre")
    assert assessment.labels("fr")[0] == "Never"
    assert assessment.comment("it") == "Altro da aggiungere?"
    assert [d.id for d in assessment.dimensions] == ["anticipation", "follow-through"]
    anticipation, follow = assessment.dimensions
    assert anticipation.description("it") == "Guardiamo avanti."
    assert follow.description("en") == ""
    assert follow.title("it") == "Follow-through"
    assert [(i.id, i.reverse) for i in assessment.items] == [
        ("ant-1", False),
        ("ant-2", True),
        ("fol-1", False),
    ]
    assert assessment.item("fol-1").text("it") == "We keep customers updated."


def test_optional_parts(content):
    kept = [
        line
        for line in ASSESSMENT.splitlines(keepends=True)
        if not line.startswith(("intro:", "comment:", "  dont_know:"))
    ]
    text = "".join(kept)
    content.write("assessments/culture.yaml", text)
    assessment = content.load().assessment("culture")
    assert (assessment.intro_html("en"), assessment.comment("en")) == ("", None)
    assert assessment.dont_know is False


def replace(old: str, new: str) -> str:
    assert old in ASSESSMENT
    return ASSESSMENT.replace(old, new)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            replace("  points: 5\n", "  points: 1\n"),
            "4: scale: 'points' must be a whole number of at least 2, found the number 1",
        ),
        (
            replace("  points: 5\n", "  points: five\n"),
            "4: scale: 'points' must be a whole number of at least 2, found the text 'five'",
        ),
        (
            replace(
                "[Mai, Raramente, A volte, Spesso, Sempre]", "[Mai, Raramente, Spesso, Sempre]"
            ),
            "7: scale: 4 'it' labels for a 5-point scale; give exactly 5, one per point",
        ),
        (
            replace("    it: [Mai", "    fr: [Mai"),
            "7: scale: 'labels': unknown language 'fr' (supported: en, it)",
        ),
        (
            replace("  dont_know: true\n", "  dont_know: sometimes\n"),
            "8: scale: 'dont_know' must be true or false, found the text 'sometimes'",
        ),
        (
            replace("favourable_from: 4\n", "favourable_from: 6\n"),
            "9: assessment: 'favourable_from' must be a whole number from 1 to 5, found the number 6",
        ),
        (
            replace("favourable_from: 4\n", "favourable_from: 0\n"),
            "9: assessment: 'favourable_from' must be a whole number from 1 to 5, found the number 0",
        ),
        (
            replace("favourable_from: 4\n", ""),
            "1: assessment: missing required key 'favourable_from'",
        ),
        (
            ASSESSMENT.split("dimensions:")[0] + "dimensions: []\n",
            "11: assessment: 'dimensions' must list at least one dimension",
        ),
        (
            replace("  - id: follow-through", "  - id: anticipation"),
            "22: dimension id 'anticipation' is used twice (first on line 12); ids must be unique in "
            "an assessment",
        ),
        (
            replace("      - id: fol-1", "      - id: ant-1"),
            "25: item id 'ant-1' is used twice (first on line 16); ids must be unique in an "
            "assessment",
        ),
        (
            replace("        reverse: true\n", "        reverse: sometimes\n"),
            "21: item 'ant-2': 'reverse' must be true or false, found the text 'sometimes'",
        ),
        (
            replace("        text: We keep customers updated.\n", ""),
            "25: item 'fol-1': missing required key 'text'",
        ),
        (
            replace("    title: Follow-through\n", "    title: Follow-through\n    weight: 2\n"),
            "24: dimension 'follow-through': unknown key 'weight'; expected one of: id, title, items, "
            "description",
        ),
        (
            replace(
                "    items:\n      - id: fol-1\n        text: We keep customers updated.\n",
                "    items: []\n",
            ),
            "24: dimension 'follow-through': 'items' must list at least one item",
        ),
        (
            replace(
                "title: {en: Customer culture, it: Cultura del cliente}",
                "title: {it: Cultura del cliente}",
            ),
            "1: assessment: 'title' has no 'en' text; the default language is required",
        ),
        (
            replace("  labels:\n", "  labels: 5\n").replace(
                "    en: [Never, Rarely, Sometimes, Often, Always]\n"
                "    it: [Mai, Raramente, A volte, Spesso, Sempre]\n",
                "",
            ),
            "5: scale: 'labels' must be a list of labels or a mapping of language codes to lists, "
            "found the number 5",
        ),
        (
            replace("scale:\n", "scales: 1\nscale:\n"),
            "3: assessment: unknown key 'scales' (did you mean 'scale'?); expected one of: title, "
            "scale, favourable_from, dimensions, intro, comment",
        ),
        ("title: [unclosed\n", "2: YAML syntax error: "),
    ],
)
def test_assessment_rules(content, only_error, text, expected):
    content.write("assessments/culture.yaml", text)
    assert only_error().startswith("assessments/culture.yaml:" + expected)
    assert content.load().assessment("culture") is None


def test_plain_label_list_is_default_language(content):
    text = replace(
        "  labels:\n    en: [Never, Rarely, Sometimes, Often, Always]\n"
        "    it: [Mai, Raramente, A volte, Spesso, Sempre]\n",
        "  labels: [Never, Rarely, Sometimes, Often, Always]\n",
    )
    content.write("assessments/culture.yaml", text)
    assert content.load().assessment("culture").labels("it")[4] == "Always"


def test_file_names(content):
    content.write("assessments/culture.yml", ASSESSMENT)
    content.write("assessments/Bad Name.yaml", ASSESSMENT)
    content.write("assessments/notes.txt", "ignored")
    assert content.errors() == [
        "assessments/Bad Name.yaml: file name 'Bad Name.yaml' is not a valid assessment id: use "
        "lowercase letters, digits and single hyphens, e.g. 'first-contact'",
        "assessments/culture.yml: assessment files must end in .yaml",
    ]


def test_broken_assessment_does_not_stop_the_rest(content):
    content.write("assessments/a-broken.yaml", "title: x\n")
    content.write("assessments/culture.yaml", ASSESSMENT)
    content.module("m")
    catalog = content.load()
    assert list(catalog.assessments) == ["culture"]
    assert list(catalog.modules) == ["m"]
    assert {e.path for e in catalog.errors} == {"assessments/a-broken.yaml"}


def test_yes_no_labels_get_a_quoting_hint(content):
    content.write(
        "assessments/culture.yaml",
        replace(
            "    en: [Never, Rarely, Sometimes, Often, Always]\n",
            "    en: [No, Rarely, Sometimes, Often, Yes]\n",
        ),
    )
    assert content.errors() == [
        "assessments/culture.yaml:6: scale: each 'en' label must be a text, found false (YAML "
        "reads yes/no/on/off as true/false; put the text in quotes)",
        "assessments/culture.yaml:6: scale: each 'en' label must be a text, found true (YAML "
        "reads yes/no/on/off as true/false; put the text in quotes)",
    ]
