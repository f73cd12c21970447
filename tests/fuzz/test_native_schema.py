"""Schema fuzzing: schemathesis, the real CLI, sends generated requests for every
operation of the OpenAPI document to the live test server and fails on any server error, any
answer on /api/ that is not JSON, and any status code, header or body the document does not
declare.

Bounded by FUZZ_EXAMPLES per operation (default 10: about two minutes on an idle machine); a deeper run is
`FUZZ_EXAMPLES=400 make test PYTEST_ARGS=tests/fuzz`. The objects the id-taking operations need
(a tracker, a webhook, its event and delivery) are made first and named in a config file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_q.conf import Conf

from tests.fuzz.support import CHECKS, CONFIG, make_objects

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "10")


@pytest.mark.django_db(transaction=True)
def test_the_native_api_answers_as_its_schema_says(
    live_server, acme, acme_test_key, http_server, tmp_path, settings, monkeypatch
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "1000000/min"}}
    ids = make_objects(acme, http_server.url + "/hooks")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(**ids))
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--url",
        live_server.url,
        "--header",
        f"Authorization: Bearer {acme_test_key}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        EXAMPLES,
        "--seed",
        "20261123",
        "--continue-on-failure",
        "--workers",
        "1",
        "--no-color",
    ]
    # Queued refreshes and deliveries wait in the broker as they would for a cluster: the fuzzer
    # measures the API, not the carrier or the webhook receiver.
    monkeypatch.setattr(Conf, "SYNC", False)
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
