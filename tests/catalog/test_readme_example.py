"""The trainers' guide must stay true: its complete example loads without errors."""

from __future__ import annotations

import re
from pathlib import Path

from academy.catalog.modules import FRONT_MATTER_KEYS
from academy.catalog.quiz import OPTION_KEYS, QUESTION_KEYS

README = Path(__file__).resolve().parents[2] / "content" / "README.md"
EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n(`{3,})\w*\n(.*?)\n\2\n", re.DOTALL)


def examples() -> dict[str, str]:
    return {path: text + "\n" for path, _, text in EXAMPLE.findall(README.read_text())}


def test_readme_example_is_valid_content(content):
    files = examples()
    assert set(files) == {
        "modules/first-contact/module.md",
        "modules/first-contact/quiz.yaml",
        "assessments/customer-culture.yaml",
    }
    for path, text in files.items():
        content.write(path, text)
    catalog = content.load()
    assert catalog.errors == ()
    module = catalog.module("first-contact")
    assert module.required is True
    assert [entry.id for entry in module.toc()] == [
        "why-it-matters",
        "what-to-do-instead",
        "own-the-request",
        "say-what-you-know-early",
        "choose-your-words",
    ]
    assert [q.type for q in module.quiz.questions] == ["single", "multiple"]
    assert module.quiz.total_points == 3
    assessment = catalog.assessment("customer-culture")
    assert assessment.labels("it")[0] == "Per niente d'accordo"
    assert [item.id for item in assessment.items] == ["ant-1"]


def test_readme_documents_every_key():
    text = README.read_text()
    keys = (
        *FRONT_MATTER_KEYS["required"],
        *FRONT_MATTER_KEYS["optional"],
        *QUESTION_KEYS["required"],
        *QUESTION_KEYS["optional"],
        *OPTION_KEYS["required"],
        *OPTION_KEYS["optional"],
        "pass_mark",
    )
    for key in keys:
        assert f"`{key}`" in text or f"{key}`" in text, key
