"""A small content tree and hand-made assessment data for insights tests.

The assessment has two dimensions of two items (one reverse-keyed) so that expected
scores can be worked out by hand; responses are written through the ORM the way the
assessment feature stores them (value as chosen, score after reversal).
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

from academy.extensions import db
from academy.models import (
    Answer,
    Cycle,
    CycleHeadcount,
    CycleStatus,
    Department,
    Response,
)
from academy.models.assessment import random_id

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


def cycle(name: str, opens_on: date, status: CycleStatus = CycleStatus.CLOSED) -> Cycle:
    c = Cycle(
        assessment_id="customer-culture",
        assessment_version="v1",
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=14),
        status=status,
        opened_at=datetime.combine(opens_on, datetime.min.time()),
        closed_at=(
            datetime.combine(opens_on + timedelta(days=14), datetime.min.time())
            if status == CycleStatus.CLOSED
            else None
        ),
    )
    db.session.add(c)
    db.session.flush()
    return c


def respond(
    c: Cycle, dept: Department, answers: dict[str, int | None], comment: str | None = None
) -> None:
    """One anonymous response; `answers` are what the person chose (None = don't know)."""
    response = Response(
        id=random_id(),
        cycle_id=c.id,
        department_id=dept.id,
        submitted_on=c.opens_on,
        assessment_version="v1",
        comment=comment,
    )
    db.session.add(response)
    for item, value in answers.items():
        score = None if value is None else (6 - value if item in REVERSE else value)
        db.session.add(
            Answer(
                response_id=response.id,
                item_id=item,
                dimension_id=DIMENSION[item],
                cycle_id=c.id,
                department_id=dept.id,
                value=value,
                score=score,
            )
        )


def many(c: Cycle, dept: Department, n: int, answers: dict[str, int | None], **kw) -> None:
    for _ in range(n):
        respond(c, dept, answers, **kw)


def headcount(c: Cycle, dept: Department, n: int) -> None:
    db.session.add(CycleHeadcount(cycle_id=c.id, department_id=dept.id, headcount=n))


def bearer(actor=None) -> dict[str, str]:
    """Authorization headers with a fresh API token."""
    from academy.api.tokens import create_token
    from tests import factories

    _token, secret = create_token("tests", actor or factories.user("hr"))
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def to100(mean: float) -> float:
    return (mean - 1) / 4 * 100
