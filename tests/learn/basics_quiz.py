"""Answers to the shipped "Customer culture basics" quiz: all wrong, and all right."""

WRONG = {
    "back-office-role": "a",
    "weakest-link": "a",
    "signs-of-culture": ["b", "d"],
    "honest-assessment": "b",
    "confusing-letter": "a",
}
RIGHT = {
    "back-office-role": "b",
    "weakest-link": "c",
    "signs-of-culture": ["a", "c"],
    "honest-assessment": "a",
    "confusing-letter": "b",
}
