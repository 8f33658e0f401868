"""Every route is guarded: walk the URL map so a new route without a guard fails here."""

from __future__ import annotations

import pytest
from werkzeug.routing import FloatConverter, IntegerConverter

from academy.security import PUBLIC_ATTR, ROLES_ATTR

# Public by design; anything else must refuse anonymous visitors.
EXPECTED_PUBLIC = {
    "static",
    "main.healthz",
    "main.readyz",
    "main.privacy",
    "main.language",
    "auth.login",
    "auth.logout",
    "auth.accept_invitation",
    "auth.forgot_password",
    "auth.reset_password",
    "api.openapi",
}


def _sample_url(app, rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        values[arg] = 1 if isinstance(converter, IntegerConverter | FloatConverter) else "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def test_public_routes_are_exactly_the_expected_ones(app):
    public = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if getattr(app.view_functions[r.endpoint], PUBLIC_ATTR, False)
    }
    assert public <= EXPECTED_PUBLIC, f"unexpected public routes: {public - EXPECTED_PUBLIC}"


def test_every_non_public_route_refuses_anonymous_users(app, client):
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in EXPECTED_PUBLIC:
            continue
        url = _sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            checked += 1
            if rule.endpoint.startswith("api."):
                assert response.status_code == 401, (rule.endpoint, method)
            else:
                assert response.status_code == 302, (rule.endpoint, method, response.status_code)
                assert response.headers["Location"].startswith("/auth/login"), rule.endpoint
    assert checked >= 2


def _required_roles(app, rule) -> tuple[str, ...] | None:
    view = app.view_functions[rule.endpoint]
    roles = getattr(view, ROLES_ATTR, None)
    if roles:
        return roles
    blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    return getattr(blueprint, "required_roles", None)


@pytest.mark.parametrize("role", ["trainer", "hr", "admin"])
def test_role_routes_refuse_people_without_the_role(app, as_role, role):
    # Someone holding every other role must still be refused.
    others = [r for r in ("trainer", "hr", "admin") if r != role]
    client = as_role(*others)
    for rule in _rules(app):
        roles = _required_roles(app, rule)
        if not roles or role not in roles or any(r in roles for r in others):
            continue
        url = _sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 403, (rule.endpoint, method, response.status_code)
            assert "Access denied" in response.get_data(as_text=True)


def test_role_guard_gives_a_friendly_403(app, as_role):
    from academy.security import role_required

    @app.route("/only-hr")
    @role_required("hr")
    def only_hr():
        return "secret"

    assert as_role().get("/only-hr").status_code == 403
    assert as_role("hr").get("/only-hr").get_data(as_text=True) == "secret"
    assert app.test_client().get("/only-hr").status_code == 302
