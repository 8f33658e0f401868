import pytest


@pytest.fixture
def admin(as_role):
    """A logged-in administrator's client; the administrator is `admin.user`."""
    return as_role("admin")
