"""Schemathesis against /api/v1/openapi.json: generated requests to every operation, as a
valid token holder; no 500, and every answer matches the published schema.

Driven through schemathesis' Python API with hypothesis (its pytest plugin does not run
under this pytest version)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import ignored_auth

from academy.extensions import db
from tests import factories
from tests.cycles import answered_cycle
from tests.insights.builders import bearer


def test_api_answers_match_the_schema_and_never_500(app):
    people = [factories.user() for _ in range(6)]
    answered_cycle(people, name="Schemathesis cycle")
    headers = bearer()
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    checked = []

    for operation in operations:

        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def call(case) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.path, response.status_code)
            # Our bearer token is added to every case on purpose: "ignored auth" would
            # read that as the API accepting its generated (invalid) credentials.
            # Missing and wrong tokens are tested in test_api.py.
            case.validate_response(response, excluded_checks=[ignored_auth])
            checked.append(response.status_code)

        call()
    assert len(checked) >= len(operations)
    assert 200 in checked
