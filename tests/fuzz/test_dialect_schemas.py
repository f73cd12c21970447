"""Schema fuzzing of every dialect, as of the native API (test_native_schema.py): schemathesis, the
real CLI, sends generated requests for every operation of the dialect's own OpenAPI document, with
the dialect's key header, and fails on any server error, any answer that is not JSON, and any
status code or body the document does not declare (the error shape included).

A dialect joins by being mounted (dialects/urls.py); DIALECT_PARAMETERS (support.py) gives its
path parameters real objects. Bounded by FUZZ_EXAMPLES per operation, as the native run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django_q.conf import Conf

from tests.fuzz.support import CHECKS, dialect_names, make_objects, targets

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "10")


@pytest.mark.parametrize("name", dialect_names())
@pytest.mark.django_db(transaction=True)
def test_each_dialect_answers_as_its_document_says(
    name, live_server, acme, acme_test_key, http_server, tmp_path, settings, monkeypatch
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "1000000/min"}}
    ids = make_objects(acme, http_server.url + "/hooks")
    target = next(t for t in targets(ids) if t.name == name)
    config = tmp_path / "schemathesis.toml"
    config.write_text(target.config)
    document = tmp_path / "openapi.json"
    document.write_bytes(requests.get(live_server.url + target.document, timeout=300).content)
    st = str(Path(sys.executable).with_name("st"))
    command = [
        *target.command(st, str(document), live_server.url, acme_test_key, str(config)),
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
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-2000:]
