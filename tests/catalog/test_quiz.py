"""quiz.yaml rules, each with the exact line reported."""

from __future__ import annotations

import pytest

from .conftest import VALID_QUIZ

QUESTION = """\
  - id: {qid}
    type: {qtype}
    prompt: "What do you do?"
    options:
      - id: a
        text: "Tell them"
        correct: {a}
        feedback: "Why a"
      - id: b
        text: "Wait"
        correct: {b}
        feedback: "Why b"
"""


def quiz(*questions: str, head: str = "questions:\n") -> str:
    return head + "".join(questions)


def question(qid: str = "q1", qtype: str = "single", a: str = "true", b: str = "false") -> str:
    return QUESTION.format(qid=qid, qtype=qtype, a=a, b=b)


def test_valid_quiz_model(content):
    content.module("m", quiz=VALID_QUIZ)
    quiz_ = content.load().module("m").quiz
    assert quiz_.pass_mark == 70
    assert len(quiz_.version) == 16
    (q,) = quiz_.questions
    assert (q.id, q.type, q.points) == ("slow-paperwork", "single", 1)
    assert [o.id for o in q.options] == ["a", "b"]
    assert q.correct_ids == frozenset({"a"})
    assert q.scenario_html("en") == "<p>A prospect has waited <strong>three weeks</strong>.</p>\n"
    assert q.prompt_html("en") == "What do you do first?"
    assert quiz_.question("slow-paperwork") is q
    assert q.option("b").correct is False
    assert quiz_.total_points == 1


def test_quiz_without_scenario_and_with_points(content):
    text = quiz(
        question().replace("    prompt:", "    points: 2.5\n    prompt:"),
        head="pass_mark: 0\nquestions:\n",
    )
    content.module("m", quiz=text)
    q = content.load().module("m").quiz.questions[0]
    assert (q.points, q.scenario, q.scenario_html("en")) == (2.5, None, "")


# Line map of quiz(question()): 1 questions:, 2 - id: q1, 3 type, 4 prompt, 5 options:,
# 6 - id: a, 7 text, 8 correct, 9 feedback, 10 - id: b, 11 text, 12 correct, 13 feedback.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            quiz(question(a="true", b="true")),
            "quiz.yaml:5: question 'q1' (single) must have exactly one correct option, found 2",
        ),
        (
            quiz(question(a="false", b="false")),
            "quiz.yaml:5: question 'q1' (single) must have exactly one correct option, found 0",
        ),
        (
            quiz(question(qtype="multiple", a="false", b="false")),
            "quiz.yaml:5: question 'q1' (multiple) must have at least one correct option, found 0",
        ),
        (
            quiz(question(qtype="several")),
            "quiz.yaml:3: question 'q1': 'type' must be 'single' or 'multiple', found the text "
            "'several'",
        ),
        (
            quiz(question(qtype="multiple", a="yes please", b="true")),
            "quiz.yaml:8: question 'q1', option 'a': 'correct' must be true or false, found the text "
            "'yes please'",
        ),
        (
            quiz(question(), question()),
            "quiz.yaml:14: question id 'q1' is used twice in this quiz (first on line 2); ids must be "
            "unique",
        ),
        (
            quiz(question().replace("- id: b", "- id: a")),
            "quiz.yaml:10: question 'q1': option id 'a' is used twice (first on line 6); ids must be "
            "unique in a question",
        ),
        (
            quiz(question().replace('        feedback: "Why b"\n', "")),
            "quiz.yaml:10: question 'q1', option 'b': missing required key 'feedback'",
        ),
        (
            quiz(question().replace('        feedback: "Why b"\n', "        feedback:\n")),
            "quiz.yaml:13: question 'q1', option 'b': 'feedback' is empty",
        ),
        (
            quiz(question().replace("    prompt:", "    points: 0\n    prompt:")),
            "quiz.yaml:4: question 'q1': 'points' must be a positive number, found the number 0",
        ),
        (
            quiz(question().replace("    prompt:", "    points: many\n    prompt:")),
            "quiz.yaml:4: question 'q1': 'points' must be a positive number, found the text 'many'",
        ),
        (
            quiz(question(), head="pass_mark: 120\nquestions:\n"),
            "quiz.yaml:1: quiz: 'pass_mark' must be a number from 0 to 100, found the number 120",
        ),
        (
            quiz(question(), head="pass_mark: -1\nquestions:\n"),
            "quiz.yaml:1: quiz: 'pass_mark' must be a number from 0 to 100, found the number -1",
        ),
        ("pass_mark: 70\n", "quiz.yaml:1: quiz: missing required key 'questions'"),
        ("questions: []\n", "quiz.yaml:1: quiz: 'questions' must list at least one question"),
        (
            quiz(question().replace("    type: single\n", "")),
            "quiz.yaml:2: question 'q1': missing required key 'type'",
        ),
        (
            quiz(
                question().replace(
                    '        text: "Wait"\n', '        text: "Wait"\n        hint: "x"\n'
                )
            ),
            "quiz.yaml:12: question 'q1', option 'b': unknown key 'hint'; expected one of: id, text, "
            "feedback, correct",
        ),
        (
            quiz(
                question().replace(
                    '      - id: b\n        text: "Wait"\n        correct: false\n'
                    '        feedback: "Why b"\n',
                    "",
                )
            ),
            "quiz.yaml:5: question 'q1' must have at least 2 options, found 1",
        ),
        (
            quiz(question().replace("- id: a", "- id: a b")),
            "quiz.yaml:6: question 'q1', option 'a b': 'id' 'a b' may only use letters, digits, '-' "
            "and '_'",
        ),
        (
            quiz(question().replace("- id: a", "- id: yes")),
            "quiz.yaml:6: question 'q1', option 1: 'id' must be a text, found true (YAML reads "
            "yes/no/on/off as true/false; put the text in quotes)",
        ),
        (
            quiz(
                question()
                .replace("    options:\n", "    options: a, b\n")
                .split("      - id: a")[0]
            ),
            "quiz.yaml:5: question 'q1': 'options' must be a list ('- ' entries), found the text "
            "'a, b'",
        ),
        (
            "questions:\n  - just a string\n",
            "quiz.yaml:2: question 1 must be a mapping with id, type, prompt, options",
        ),
        (
            "- a list\n",
            "quiz.yaml:1: quiz.yaml must be a mapping with 'questions' (and optionally 'pass_mark')",
        ),
        (
            b"questions:\n  - id: caf\xe9\n",
            "quiz.yaml:2: the file is not UTF-8 text; save it as UTF-8",
        ),
    ],
)
def test_quiz_rules(content, only_error, text, expected):
    if isinstance(text, bytes):
        content.module("m")
        content.write("modules/m/quiz.yaml", text)
    else:
        content.module("m", quiz=text)
    assert only_error() == "modules/m/" + expected


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("questions:\n  - id: q1\n    type: single\n   prompt: x\n", 4),
        ("questions:\n  - id: q1\n\tprompt: x\n", 3),
        ("questions: [\n  {id: q1,\n", 3),
        ("a: 1\n---\nb: 2\n", 2),
    ],
)
def test_quiz_yaml_syntax_error_reports_yaml_line(content, only_error, text, line):
    content.module("m", quiz=text)
    assert only_error().startswith(f"modules/m/quiz.yaml:{line}: YAML syntax error: ")


def test_misspelt_key_reports_both_sides(content):
    content.module("m", quiz=quiz(question().replace("    prompt:", "    promt:")))
    assert content.errors() == [
        "modules/m/quiz.yaml:2: question 'q1': missing required key 'prompt'",
        "modules/m/quiz.yaml:4: question 'q1': unknown key 'promt' (did you mean 'prompt'?); "
        "expected one of: id, type, prompt, options, scenario, points",
    ]


def test_all_quiz_errors_are_reported_at_once(content):
    text = quiz(
        question(a="true", b="true").replace('        feedback: "Why a"\n', ""),
        question(qid="q2", qtype="multiple", a="false", b="false"),
    )
    content.module("m", quiz=text)
    assert content.errors() == [
        "modules/m/quiz.yaml:5: question 'q1' (single) must have exactly one correct option, "
        "found 2",
        "modules/m/quiz.yaml:6: question 'q1', option 'a': missing required key 'feedback'",
        "modules/m/quiz.yaml:16: question 'q2' (multiple) must have at least one correct "
        "option, found 0",
    ]


def test_invalid_quiz_leaves_module_out(content):
    content.module("m", quiz=quiz(question(a="true", b="true")))
    catalog = content.load()
    assert catalog.module("m") is None
    assert "m" in catalog.unavailable


def test_multiple_with_several_correct(content):
    content.module("m", quiz=quiz(question(qtype="multiple", a="true", b="true")))
    q = content.load().module("m").quiz.questions[0]
    assert q.correct_ids == frozenset({"a", "b"})


def test_key_written_twice_is_reported(content, only_error):
    content.module(
        "m",
        quiz=quiz(
            question().replace(
                "        correct: false\n", "        correct: false\n        correct: false\n"
            )
        ),
    )
    # YAML itself would silently keep the last value; the trainer must hear about it.
    assert only_error() == (
        "modules/m/quiz.yaml:13: 'correct' is given twice in question "
        "'q1', option 'b' (first on line 12)"
    )


def test_image_line_inside_a_block_text(content, only_error):
    content.module(
        "m",
        quiz=quiz(
            question().replace(
                "    prompt:",
                "    scenario: |\n      First line.\n      ![x](nope.png)\n    prompt:",
            )
        ),
    )
    assert only_error() == (
        "modules/m/quiz.yaml:6: question 'q1': 'scenario': image 'nope.png' "
        "not found: there is no file nope.png in the module folder"
    )
