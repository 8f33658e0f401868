from tests.insights.conftest import app, company, content_dir, hr, open_cycle  # noqa: F401
