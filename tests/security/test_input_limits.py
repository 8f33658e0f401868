"""Bounded input: oversized bodies are refused before they are read, with a clear page
(JSON on the API); compressed data cannot balloon; long text never reaches the database."""

from __future__ import annotations

import base64
import io
import time
import zlib

from academy.models import User
from tests import factories
from tests.conftest import login


def test_an_oversized_login_body_is_refused_at_once_and_not_echoed(client):
    body = "email=" + "a" * (20 * 1024 * 1024) + "&password=x"
    started = time.perf_counter()
    response = client.post(
        "/auth/login", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert time.perf_counter() - started < 2
    page = response.get_data(as_text=True)
    assert "Too large" in page
    assert "aaaaaaaaaa" not in page
    assert len(page) < 20_000


def test_an_oversized_multipart_body_is_refused(client):
    response = client.post(
        "/auth/login",
        data={"email": "x@example.com", "file": (io.BytesIO(b"0" * (2 * 1024 * 1024)), "big.bin")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_the_api_answers_413_in_json(client):
    response = client.post(
        "/api/v1/cycles", data="x" * (1024 * 1024), content_type="application/json"
    )
    assert response.status_code in (405, 413)
    assert response.is_json


def test_the_import_accepts_its_larger_files_and_caps_decompression(app, as_role):
    admin = as_role("admin")
    rows = "email,given_name,family_name,employee_number,department,roles,language\n"
    rows += "".join(f"p{n}@example.com,P,{n},,sales,,\n" for n in range(20000))  # ~0.8 MB
    data = rows.encode()
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    response = admin.post(
        "/admin/import",
        data={"file": (io.BytesIO(data), "people.csv"), "create_departments": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 422)
    # A crafted "checked file": 1 KB that would inflate to 100 MB.
    bomb = base64.b64encode(zlib.compress(b"a" * (100 * 1024 * 1024), 9)).decode()
    assert len(bomb) < 200_000
    response = admin.post("/admin/import/confirm", data={"content": bomb, "filename": "x.csv"})
    assert response.status_code == 422
    assert "did not come through" in response.get_data(as_text=True)
    assert User.by_email("p1@example.com") is None


def test_overlong_fields_are_refused_with_a_message_not_a_500(app, as_role):
    admin = as_role("admin")
    dept = factories.department()
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "x" * 300 + "@example.com",
            "given_name": "G" * 5000,
            "department": str(dept.id),
            "language": "",
        },
    )
    assert response.status_code == 422
    user = factories.user()
    client = app.test_client()
    response = login(client, user, password="p" * 5000)
    assert response.status_code == 422
