"""Training tests run on a small content tree (the learning tests' helpers)."""

from __future__ import annotations

import pytest

from tests.learn.conftest import content, content_app  # noqa: F401 - fixtures


@pytest.fixture
def app(content, content_app):  # noqa: F811 - the fixtures above
    content.module("welcome", "Welcome", extra="order: 1\nrequired: true\n")
    content.module("listening", "Listening", extra="order: 2\n")
    content.module("promises", "Promises", extra="order: 3\n")
    return content_app()
