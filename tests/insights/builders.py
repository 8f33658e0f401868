"""A small content tree and hand-made assessment data for insights tests.

The assessment has two dimensions of two items (one reverse-keyed) so that expected
scores can be worked out by hand; cycles are opened, answered and closed through the
assessment services, so every answer is sealed, released and counted as in production.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from academy.assess.cycles import close_cycle, create_cycle, open_cycle
from academy.assess.responses import submit_response
from academy.extensions import db
from academy.models import Cycle, Department, User
from tests import factories

ASSESSMENT = textwrap.dedent(
    """\
    title: {en: "Culture check", it: "Verifica della cultura"}
    intro: {en: "Tell us.", it: "Raccontaci."}
    scale:
      points: 5
      labels:
        en: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
        it: ["Per niente", "Poco", "Così così", "Abbastanza", "Molto"]
      dont_know: true
    favourable_from: 4
    comment: {en: "Anything else?", it: "Altro?"}
    dimensions:
      - id: listening
        title: {en: "Listening", it: "Ascolto"}
        description: {en: "We listen.", it: "Ascoltiamo."}
        items:
          - id: l1
            text: {en: "We ask customers what they need.", it: "Chiediamo ai clienti di cosa hanno bisogno."}
            reverse: false
          - id: l2
            text: {en: "We assume we know best.", it: "Pensiamo di sapere noi cosa è meglio."}
            reverse: true
      - id: keeping
        title: {en: "Keeping promises", it: "Mantenere le promesse"}
        description: {en: "We deliver.", it: "Manteniamo."}
        items:
          - id: k1
            text: {en: "We call back when we said we would.", it: "Richiamiamo quando l'abbiamo promesso."}
            reverse: false
          - id: k2
            text: {en: "We keep customers informed.", it: "Teniamo informati i clienti."}
            reverse: false
    """
)

MODULE = textwrap.dedent(
    """\
    ---
    title: Welcome
    summary: The basics.
    order: 1
    required: true
    ---
    # Welcome

    Customers first.
    """
)
OPTIONAL_MODULE = MODULE.replace("title: Welcome", "title: Extra").replace(
    "required: true", "required: false"
)

QUIZ = textwrap.dedent(
    """\
    pass_mark: 50
    questions:
      - id: q1
        type: single
        prompt: {en: "First?", it: "Primo?"}
        options:
          - {id: a, text: "Right", correct: true, feedback: "Yes."}
          - {id: b, text: "Wrong", feedback: "No."}
          - {id: c, text: "Also wrong", feedback: "No."}
      - id: q2
        type: single
        prompt: {en: "Second?", it: "Secondo?"}
        options:
          - {id: a, text: "Right", correct: true, feedback: "Yes."}
          - {id: b, text: "Wrong", feedback: "No."}
    """
)


def write_content(root: Path) -> Path:
    (root / "assessments").mkdir(parents=True)
    (root / "assessments" / "customer-culture.yaml").write_text(ASSESSMENT)
    welcome = root / "modules" / "welcome"
    welcome.mkdir(parents=True)
    (welcome / "module.md").write_text(MODULE)
    (welcome / "quiz.yaml").write_text(QUIZ)
    extra = root / "modules" / "extra"
    extra.mkdir(parents=True)
    (extra / "module.md").write_text(OPTIONAL_MODULE.replace("order: 1", "order: 2"))
    return root


REVERSE = {"l2"}
DIMENSION = {"l1": "listening", "l2": "listening", "k1": "keeping", "k2": "keeping"}
ITEMS = ("l1", "l2", "k1", "k2")


@dataclass
class Group:
    """``n`` people of ``dept`` who all answer ``answers`` (None = don't know); new people
    unless ``people`` names who they are."""

    dept: Department
    n: int
    answers: dict[str, int | None]
    comment: str | None = None
    people: list[User] | None = None


def group(
    dept: Department,
    n: int,
    answers: dict[str, int | None],
    comment: str | None = None,
    people: list[User] | None = None,
) -> Group:
    return Group(dept, n, answers, comment, people)


def run_cycle(
    name: str,
    opens_on: date,
    groups: list[Group],
    *,
    silent: dict[Department, int] | None = None,
    close: bool = True,
    deactivate: bool = True,
    assessment_id: str = "customer-culture",
) -> Cycle:
    """A cycle run as HR and employees run one, through the assessment services.

    Creates the respondents (and ``silent`` people who are asked but do not answer),
    opens the cycle, submits every answer in random order and, with ``close``, closes it
    (the release job runs at once in tests). The new people of a closed cycle are
    deactivated afterwards (unless ``deactivate`` is false) so that the next cycle asks
    its own people only.
    """
    people: list[tuple[User, Group]] = []
    created: list[User] = []
    for g in groups:
        if g.people is not None:
            people.extend((person, g) for person in g.people[: g.n])
            continue
        for _ in range(g.n):
            person = factories.user(dept=g.dept, password=None)
            created.append(person)
            people.append((person, g))
    quiet = [
        factories.user(dept=dept, password=None)
        for dept, count in (silent or {}).items()
        for _ in range(count)
    ]
    cycle = create_cycle(
        assessment_id=assessment_id,
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=14),
        actor=None,
    )
    open_cycle(cycle, None)
    random.Random(name).shuffle(people)
    for person, g in people:
        answers = {item: g.answers.get(item) for item in ITEMS}
        submit_response(cycle, person, answers, g.comment)
    if close:
        close_cycle(cycle, None)
        if deactivate:
            for person in created + quiet:
                person.active = False
            db.session.commit()
    db.session.refresh(cycle)
    return cycle


def bearer(actor=None) -> dict[str, str]:
    """Authorization headers with a fresh API token."""
    from academy.api.tokens import create_token
    from tests import factories

    _token, secret = create_token("tests", actor or factories.user("hr"))
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def to100(mean: float) -> float:
    return (mean - 1) / 4 * 100
