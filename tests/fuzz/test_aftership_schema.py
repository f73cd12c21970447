"""Schema fuzzing of the AfterShip dialect: schemathesis, the real CLI, sends generated requests for
every operation of its OpenAPI document (/tracking/2026-07/openapi.json) to the live test server
and fails on any server error, any answer that is not JSON, and any status code, header or body the
document does not declare. Bounded by FUZZ_EXAMPLES per operation, as the native run is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django_q.conf import Conf

from accounts.models import Mode
from tests.fuzz.support import CHECKS
from trackers import services

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "10")
CONFIG = """
[[operations]]
include-path-regex = "^/trackings/"
parameters = {{ tracking_id = "{tracking}" }}
"""


@pytest.mark.django_db(transaction=True)
def test_the_aftership_dialect_answers_as_its_schema_says(
    live_server, acme, acme_test_key, tmp_path, settings, monkeypatch
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "1000000/min"}}
    tracker = services.create_tracker(acme, Mode.TEST, "EZ4000000004", "usps", enqueue=False).tracker
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(tracking=tracker.hex_id))
    schema = tmp_path / "schema.json"
    schema.write_bytes(requests.get(f"{live_server.url}/tracking/2026-07/openapi.json", timeout=300).content)
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "--config-file",
        str(config),
        "run",
        str(schema),
        "--url",
        f"{live_server.url}/tracking/2026-07",
        "--header",
        f"as-api-key: {acme_test_key}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        EXAMPLES,
        "--seed",
        "20261205",
        "--continue-on-failure",
        "--workers",
        "1",
        "--request-timeout",
        "120",
        "--no-color",
    ]
    monkeypatch.setattr(Conf, "SYNC", False)
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
