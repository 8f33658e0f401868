"""Fixtures shared with the learning tests: a content tree and an app built over it."""

from tests.learn.conftest import content, content_app  # noqa: F401 - pytest fixtures
