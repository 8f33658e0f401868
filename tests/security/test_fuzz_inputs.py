"""No input makes the app answer 500: random text and integers in every query parameter
and form field of every route, as a person holding every role (hypothesis)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from tests import factories
from tests.conftest import login
from tests.cycles import answered_cycle

#: Query parameters the app reads somewhere, plus a couple it never reads.
QUERY_NAMES = [
    "cycle",
    "department",
    "page",
    "user",
    "q",
    "role",
    "status",
    "format",
    "lang",
    "next",
    "action",
    "from",
    "to",
    "unknown",
]
SKIP = {"static", "auth.logout"}  # logging out would end the fuzzing session

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "\x00",
            "0",
            "-1",
            "9" * 30,
            "1e309",
            "NaN",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "'; DROP TABLE users; --",
            "％",
            "\ud7ff",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@pytest.fixture(scope="module")
def probes() -> Counter:
    return Counter()


@pytest.fixture
def everyone(app):
    person = factories.user("admin", "hr", "trainer")
    people = [factories.user() for _ in range(6)]
    answered_cycle(people, name="Fuzz spring")
    client = app.test_client()
    login(client, person)
    return client


def _routes(app) -> list[tuple[str, str, list[str]]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        values = {
            arg: (1 if isinstance(rule._converters[arg], IntegerConverter) else "x")
            for arg in rule.arguments
        }
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((method, url, sorted(rule.arguments)))
    return routes


def _form_fields(client, url: str) -> list[str]:
    page = client.get(url).get_data(as_text=True)
    names = re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page)
    return sorted(set(names) - {"csrf_token"}) or ["field"]


def test_random_input_never_gets_a_500(app, everyone, probes):
    routes = _routes(app)
    fields = {url: _form_fields(everyone, url) for method, url, _a in routes if method == "GET"}

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.data())
    def probe(data) -> None:
        for method, url, _args in routes:
            if method == "GET":
                names = data.draw(st.lists(st.sampled_from(QUERY_NAMES), max_size=3, unique=True))
                query = {name: data.draw(texts) for name in names}
                response = everyone.get(url, query_string=query)
            else:
                form_names = fields.get(url) or ["field", "name", "email", "cycle", "comment"]
                form = {name: data.draw(texts) for name in form_names}
                response = everyone.open(url, method=method, data=form)
            probes["sent"] += 1
            if response.status_code >= 500:
                probes["500"] += 1
            assert response.status_code < 500, (method, url, response.status_code)

    probe()
    assert probes["sent"] > 300
    assert probes["500"] == 0
    print(f"\nfuzzing: {len(routes)} routes, {probes['sent']} probes, {probes['500']} answers 500")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cycles/99999999999999999999/scores",
        "/api/v1/cycles/99999999999999999999/participation",
        "/learn/attempts/99999999999999999999",
        "/insights/departments/99999999999999999999",
        "/admin/users/99999999999999999999",
        "/assessment/cycles/99999999999999999999",
        "/insights/heatmap?cycle=99999999999999999999",
        "/insights/export/department.csv?cycle=1&department=99999999999999999999",
        "/admin/audit?user=99999999999999999999&page=99999999999999999999",
    ],
)
def test_ids_past_the_database_range_are_404_not_500(everyone, path):
    from tests.insights.builders import bearer

    headers = bearer() if path.startswith("/api/") else {}
    assert everyone.get(path, headers=headers).status_code in (404, 401)
