"""The application a test's worker subprocess runs: the test settings, plus the
overrides the test passes as JSON in ACADEMY_TEST_OVERRIDES (the queue, the database,
the mail server)."""

from __future__ import annotations

import json
import os

from academy import create_app

app = create_app({"ENV_NAME": "testing", **json.loads(os.environ["ACADEMY_TEST_OVERRIDES"])})
