"""The application the benchmarks' worker process runs: test settings plus the JSON
overrides in ACADEMY_TEST_OVERRIDES (queue, database, mail server)."""

from __future__ import annotations

import json
import os

from academy import create_app

app = create_app({"ENV_NAME": "testing", **json.loads(os.environ["ACADEMY_TEST_OVERRIDES"])})
