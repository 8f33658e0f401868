"""An employee answers the open assessment with the keyboard alone, on desktop and phone."""

from __future__ import annotations

import pytest

from academy.content import get_catalog

ASSESSMENT_ID = "customer-culture"


@pytest.fixture
def open_assessment(live_app, open_cycle_id):
    """The assessment of the live app's open cycle (whichever test opened it)."""
    with live_app.app_context():
        return get_catalog().assessment(ASSESSMENT_ID)


def _choose(keyboard, n: int) -> str:
    """Answer the focused (still unanswered) radio group with keys only; returns the value."""
    step = n % 4
    if step == 0:
        keyboard.press("Space")  # the focused first option: "Strongly disagree"
        return "1"
    if step == 3:
        keyboard.press("ArrowLeft")  # wraps round to the last option: "Don't know"
        return "dont_know"
    for _ in range(step):
        keyboard.press("ArrowRight")  # moves to and selects the next option
    return str(step + 1)


def _tab_to(page, predicate: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _expected_score(dimension, chosen: dict[str, str | None]) -> int | None:
    scores = []
    for item in dimension.items:
        value = chosen.get(item.id)
        if value in (None, "dont_know"):
            continue
        v = int(value)
        v = 6 - v if item.reverse else v
        scores.append((v - 1) / 4 * 100)
    return round(sum(scores) / len(scores)) if scores else None


def test_answer_with_the_keyboard_fix_the_missing_item_and_see_my_result(
    any_visit, make_person, open_assessment
):
    assessment = open_assessment
    visit, page, keyboard = any_visit, any_visit.page, any_visit.page.keyboard
    visit.login(make_person(department="Front Office"))
    visit.navigate(lambda: page.get_by_role("link", name="Answer the assessment").click())
    assert page.locator("fieldset").count() == 32

    # From the top of the page to the first statement, then one group after another,
    # leaving one statement unanswered.
    _tab_to(page, "el.name === 'item-" + assessment.items[0].id + "'")
    skipped = assessment.items[5].id
    chosen: dict[str, str | None] = {}
    for n, item in enumerate(assessment.items):
        assert page.evaluate("document.activeElement.name") == "item-" + item.id
        chosen[item.id] = None if item.id == skipped else _choose(keyboard, n)
        if n == 2:
            assert page.locator(".answer-progress-text").inner_text() == "3 of 32 answered"
        keyboard.press("Tab")
    assert page.locator(".answer-progress-text").inner_text() == "31 of 32 answered"
    assert page.locator("#answer-progress").evaluate("el => el.value") == 31

    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    keyboard.type("Faster replies to emails would help.")
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('Submit my answers')")
    visit.navigate(lambda: keyboard.press("Enter"))

    # Back with the missing statements marked and every other answer kept.
    summary = page.locator(".error-summary")
    assert "1 statement has no answer yet" in summary.inner_text()
    for item in assessment.items:
        group = page.locator(f"fieldset#item-{item.id}")
        checked = page.locator(f"input[name='item-{item.id}']:checked")
        if chosen[item.id] is None:
            assert checked.count() == 0
            assert "likert-invalid" in group.get_attribute("class")
            assert group.locator(".error").inner_text() == "Choose an answer for this statement."
            radio = page.locator(f"#item-{item.id}-0")
            assert radio.get_attribute("aria-invalid") == "true"
        else:
            assert checked.get_attribute("value") == chosen[item.id], item.id
    assert page.get_by_label(assessment.comment("en")).input_value() == (
        "Faster replies to emails would help."
    )

    # The summary has the focus; its link takes the keyboard to the statement.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    _tab_to(page, f"el.getAttribute('href') === '#item-{skipped}-0'")
    keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"item-{skipped}-0"
    keyboard.press("ArrowRight")
    chosen[skipped] = "2"
    visit.audit()
    assert page.locator(".answer-progress-text").inner_text() == "32 of 32 answered"

    _tab_to(page, "el.type === 'submit' && el.textContent.includes('Submit my answers')")
    visit.navigate(lambda: keyboard.press("Space"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your answers are in"
    for dimension in assessment.dimensions:
        row = page.locator("tbody tr").filter(
            has=page.get_by_role("rowheader", name=dimension.title("en"))
        )
        assert row.locator("td").first.inner_text() == str(_expected_score(dimension, chosen))
    assert page.get_by_role("button", name="Print this page").is_visible()

    # Once only: the home page no longer invites, the assessment page says thank you.
    visit.goto("/")
    assert page.get_by_role("link", name="Answer the assessment").count() == 0
    visit.goto("/assessment/")
    assert "You have already answered this cycle." in page.locator("main").inner_text()
