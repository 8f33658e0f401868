"""An employee fails the basics quiz, reads the feedback, passes on the retake."""

from __future__ import annotations

from tests.learn.basics_quiz import RIGHT, WRONG


def answer(page, answers: dict) -> None:
    for question, chosen in answers.items():
        for option in [chosen] if isinstance(chosen, str) else chosen:
            page.locator(f"label[for='q-{question}-{option}']").click()


def test_employee_fails_then_passes_the_basics_quiz(any_visit, make_person):
    visit, page = any_visit, any_visit.page
    visit.login(make_person(given_name="Paola"))

    visit.navigate(lambda: page.get_by_role("link", name="Learn", exact=True).click())
    assert page.get_by_role("heading", level=1).inner_text() == "Training modules"
    bar = page.locator("#required-progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("0", "4")
    assert page.get_by_text("0 of 4 required modules completed").is_visible()

    basics = page.get_by_role("heading", name="Customer culture basics").get_by_role("link")
    visit.navigate(lambda: basics.click())
    assert page.get_by_role("heading", level=1).inner_text() == "Customer culture basics"
    assert page.get_by_role("navigation", name="On this page").is_visible()
    # Read the module: the table of contents jumps to a section.
    page.get_by_role("link", name="Why it is everyone's job").click()
    visit.audit()

    # Submitting with a question unanswered keeps the answers and points at the gap.
    answer(page, {k: v for k, v in WRONG.items() if k != "confusing-letter"})
    visit.navigate(lambda: page.get_by_role("button", name="Submit my answers").click())
    assert page.get_by_text("1 question still needs an answer:").is_visible()
    assert page.locator("#q-back-office-role-a").is_checked()
    answer(page, {"confusing-letter": WRONG["confusing-letter"]})
    visit.navigate(lambda: page.get_by_role("button", name="Submit my answers").click())

    assert page.get_by_role("heading", name="Not passed yet").is_visible()
    assert page.get_by_text("Your score: 0%").is_visible()
    # The feedback of the answer given, and the right answer with its reason.
    assert page.get_by_text('Treating them as "internal"', exact=False).is_visible()
    assert page.get_by_text("A claimant never sees your desk", exact=False).is_visible()

    visit.navigate(lambda: page.get_by_role("link", name="Retake the quiz").click())
    answer(page, RIGHT)
    visit.navigate(lambda: page.get_by_role("button", name="Submit my answers").click())
    assert page.get_by_role("heading", name="Passed").is_visible()
    assert page.get_by_text("Your score: 100%").is_visible()

    visit.navigate(lambda: page.get_by_role("link", name="Back to the training modules").click())
    bar = page.locator("#required-progress")
    assert bar.get_attribute("value") == "1"
    assert page.get_by_text("1 of 4 required modules completed").is_visible()
    assert page.get_by_text("Best score: 100%").is_visible()

    visit.navigate(lambda: page.get_by_role("link", name="My progress").click())
    assert page.get_by_role("heading", level=1).inner_text() == "My progress"
    assert (
        page.get_by_role("row", name="Customer culture basics")
        .get_by_text("Quiz passed")
        .is_visible()
    )


def test_trainer_sees_content_health_and_previews_in_italian(visit, make_person):
    page = visit.page
    visit.login(make_person("trainer"))
    visit.navigate(lambda: page.get_by_role("link", name="Content", exact=True).click())
    assert page.get_by_text("No problems found.").is_visible()
    row = page.get_by_role("row", name="Customer culture basics")
    visit.navigate(lambda: row.get_by_role("link", name="Italiano").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Le basi della cultura del cliente"
    assert page.locator("article.module-text").get_attribute("lang") == "it"
