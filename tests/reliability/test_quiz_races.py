"""Double-submitted quizzes never answer 500: 50 people, each sending the same form
twice at once and a second passing attempt from another tab, on real threads."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from academy.extensions import db
from academy.models import ModuleProgress, QuizAttempt
from tests.conftest import ON_POSTGRES
from tests.learn.conftest import ALL_RIGHT, client_for, form_data, open_quiz

PEOPLE = 50


def test_racing_quiz_submissions_store_once_and_never_fail(content, content_app, tmp_path):
    content.module("racing", "Racing")
    overrides: dict = {"LOGIN_LIMIT_ADDRESS": "1000 per minute"}
    if not ON_POSTGRES:
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'q.db'}"
    app = content_app(**overrides)
    clients = [client_for(app) for _ in range(PEOPLE)]
    # Each person opens the quiz in two tabs: two tickets.
    jobs = []
    for client in clients:
        first, second = open_quiz(client, "racing"), open_quiz(client, "racing")
        jobs += [(client, first), (client, first), (client, second)]

    def post(job) -> int:
        client, token = job
        return client.post("/learn/modules/racing", data=form_data(ALL_RIGHT, token)).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = Counter(pool.map(post, jobs))
    db.session.expire_all()
    assert statuses[500] == 0, statuses
    assert set(statuses) <= {302, 303}, statuses
    # One attempt per ticket, one progress row per person, completed.
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 2 * PEOPLE
    rows = db.session.scalars(select(ModuleProgress)).all()
    assert len(rows) == PEOPLE
    assert all(r.completed_at is not None for r in rows)
