"""The read-only API: bearer tokens, JSON errors, and responses that match the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import select

from academy.api.tokens import hash_token
from academy.extensions import db
from academy.models import ApiToken, AuditEvent
from tests import factories
from tests.api.openapi_check import response_schema, validate
from tests.insights.builders import bearer


def test_missing_invalid_and_revoked_tokens_get_401_json(hr, client, company):
    response = client.get("/api/v1/cycles")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == 401

    for header in ("Bearer cca_not-a-real-token", "Basic dXNlcjpwdw==", "Bearer ", "cca_x"):
        response = client.get("/api/v1/cycles", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert "error" in response.get_json()

    headers = bearer()
    ok = client.get("/api/v1/cycles", headers=headers)
    assert ok.status_code == 200
    assert ok.headers["Cache-Control"] == "no-store"
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "tests"))
    hr.post(f"/insights/tokens/{token.id}/revoke")
    response = client.get("/api/v1/cycles", headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": {"code": 401, "message": "invalid or revoked token"}}


def test_a_logged_in_session_does_not_open_the_api(hr, company):
    assert hr.get("/api/v1/cycles").status_code == 401


def test_last_use_is_recorded(client, company):
    headers = bearer()
    token = db.session.scalar(select(ApiToken))
    assert token.last_used_at is None
    client.get("/api/v1/cycles", headers=headers)
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_unknown_cycle_and_route_are_json_404(client, company):
    headers = bearer()
    response = client.get("/api/v1/cycles/999/scores", headers=headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no cycle with id 999"
    assert client.get("/api/v1/nothing", headers=headers).get_json()["error"]["code"] == 404


def test_openapi_document_is_public_and_describes_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    routes = {
        r.rule.removeprefix("/api/v1").replace("<int:cycle_id>", "{cycle_id}")
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"
    }
    assert routes == set(document["paths"])


def test_real_responses_validate_against_the_openapi_document(client, company, open_cycle):
    document = client.get("/api/v1/openapi.json").get_json()
    headers = bearer()
    spring, winter = company["spring"].id, company["winter"].id
    calls = [
        ("/cycles", "/cycles", 200),
        (f"/cycles/{spring}/scores", "/cycles/{cycle_id}/scores", 200),
        (f"/cycles/{winter}/scores", "/cycles/{cycle_id}/scores", 200),
        (f"/cycles/{open_cycle.id}/scores", "/cycles/{cycle_id}/scores", 409),
        ("/cycles/999/scores", "/cycles/{cycle_id}/scores", 404),
        (f"/cycles/{spring}/participation", "/cycles/{cycle_id}/participation", 200),
        (f"/cycles/{open_cycle.id}/participation", "/cycles/{cycle_id}/participation", 200),
        ("/training", "/training", 200),
    ]
    for url, path, status in calls:
        response = client.get("/api/v1" + url, headers=headers)
        assert response.status_code == status, url
        schema = response_schema(document, path, status)
        assert validate(response.get_json(), schema, document) == [], url
    unauthorised = client.get("/api/v1/training")
    assert (
        validate(unauthorised.get_json(), response_schema(document, "/training", 401), document)
        == []
    )


def test_the_validator_catches_a_mismatch(client, company):
    """The check above is only worth something if a wrong answer fails it."""
    document = client.get("/api/v1/openapi.json").get_json()
    body = client.get("/api/v1/cycles", headers=bearer()).get_json()
    body["cycles"][0]["status"] = "draft"
    body["cycles"][0]["extra"] = 1
    del body["cycles"][0]["name"]
    problems = validate(body, response_schema(document, "/cycles", 200), document)
    assert len(problems) == 3


def test_participation_endpoint(client, company):
    body = client.get(
        f"/api/v1/cycles/{company['spring'].id}/participation", headers=bearer()
    ).get_json()
    sales = next(d for d in body["departments"] if d["name"] == "Sales")
    assert sales == {
        "id": company["depts"]["Sales"].id,
        "name": "Sales",
        "asked_at_opening": 16,
        "joined": 0,
        "headcount": 16,
        "responses": 8,
        "rate_pct": 50.0,
        "low": True,
    }


def test_cycles_list_newest_first(client, company, open_cycle):
    body = client.get("/api/v1/cycles", headers=bearer()).get_json()
    assert [c["name"] for c in body["cycles"]] == ["Summer", "Spring", "Winter"]
    assert body["cycles"][0]["status"] == "open"


# ----------------------------------------------------------------------- token UI


def test_token_is_shown_once_and_stored_hashed(hr, client, company):
    response = hr.post("/insights/tokens", data={"name": "Power BI", "days": "90"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    secret = page.split('id="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("cca_")
    assert len(secret) > 40
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Power BI"))
    assert token.token_hash == hash_token(secret)
    assert secret not in (token.token_hash, token.prefix)
    assert secret.startswith(token.prefix)
    # Never again: the list shows the prefix only.
    listing = hr.get("/insights/tokens").get_data(as_text=True)
    assert secret not in listing
    assert token.prefix in listing
    assert (
        client.get("/api/v1/cycles", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.created"))
    assert event.target_label == "Power BI"
    assert event.actor_id == hr.user.id


def test_token_name_is_required(hr):
    response = hr.post("/insights/tokens", data={"name": "  "})
    assert response.status_code == 422
    assert "Give the token a name" in response.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None


def test_revoke_records_and_is_idempotent(hr, company):
    hr.post("/insights/tokens", data={"name": "Old tool", "days": "90"})
    token = db.session.scalar(select(ApiToken))
    response = hr.post(f"/insights/tokens/{token.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    hr.post(f"/insights/tokens/{token.id}/revoke")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "token.revoked")
    ).all()
    assert len(events) == 1
    assert "revoked" in hr.get("/insights/tokens").get_data(as_text=True)


def test_token_forms_need_csrf(app_factory, content_dir):
    from tests.conftest import login

    app = app_factory(CONTENT_DIR=str(content_dir), WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = factories.user("hr")
    page = client.get("/auth/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    login(client, user, csrf_token=csrf)
    assert client.post("/insights/tokens", data={"name": "No token"}).status_code == 303
    assert db.session.scalar(select(ApiToken)) is None
    page = client.get("/insights/tokens").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/insights/tokens", data={"name": "With token", "days": "30", "csrf_token": csrf}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(ApiToken)).name == "With token"


def test_wrong_method_is_405_with_allow_and_json(client):
    response = client.post("/api/v1/cycles", headers=bearer())
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS" or "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == 405


def test_tokens_expire_and_stop_with_their_creator(app, client):
    from datetime import UTC, datetime, timedelta

    import time_machine

    from academy.api.tokens import create_token

    creator = factories.user("hr")
    _token, secret = create_token("BI", creator, days=30)
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/cycles", headers=headers).status_code == 200
    with time_machine.travel(datetime.now(UTC) + timedelta(days=31), tick=False):
        assert client.get("/api/v1/cycles", headers=headers).status_code == 401
    # The creator loses HR, then is deactivated: the token stops at once either way.
    creator.set_roles(set())
    db.session.commit()
    assert client.get("/api/v1/cycles", headers=headers).status_code == 401
    creator.set_roles({"hr"})
    db.session.commit()
    assert client.get("/api/v1/cycles", headers=headers).status_code == 200
    creator.active = False
    db.session.commit()
    assert client.get("/api/v1/cycles", headers=headers).status_code == 401
