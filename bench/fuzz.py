"""A deep schema-fuzzing run against a production-like server: no server error, no undocumented answer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_fuzz .venv/bin/python bench/fuzz.py [--examples 400]
        [--only native|easypost|packy|…]

Starts the project under gunicorn (2 workers, DEBUG off) on PostgreSQL with the rate limit raised
out of the way, makes a tracker, a webhook and its delivery so the id-taking operations reach real
objects, and runs the schemathesis CLI over every operation of the native OpenAPI document and of
each dialect's own (every dialect mounted in dialects/urls.py, with its own key header): examples,
coverage, fuzzing and stateful phases, checking for server errors, non-JSON answers, and status
codes, headers and bodies the document does not declare. Prints, per API, the number of requests
sent and the failures, and exits non-zero on any failure. `make test` runs a bounded version of the same
(tests/fuzz/); this is the long one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Server, bench_database_url, setup_django

sys.path.insert(0, str(ROOT))
# One definition of what is checked and which ids the operations get: the suite's.
from tests.fuzz.support import CHECKS, Target, make_objects, targets


def prepare(receiver: str) -> tuple[str, dict[str, str]]:
    from accounts import services as accounts
    from accounts.models import ApiKey, Mode
    from webhooks.subscriptions import delete_subscription, subscriptions_for

    org = accounts.get_or_create_organization("bench-fuzz", "Bench fuzz")
    ApiKey.objects.filter(organization=org).delete()
    key = accounts.create_api_key(org, Mode.TEST, "fuzz").raw
    for old in subscriptions_for(org, Mode.TEST):  # an earlier run's, and what its fuzzing created
        delete_subscription(old)
    ids = make_objects(org, receiver)
    return key, ids


def fuzz(target: Target, base: str, key: str, examples: int, tmp: Path) -> tuple[int, int, float, str]:
    """One API's run: (schemathesis exit code, requests sent, seconds, its output)."""
    config = tmp / f"{target.name}.toml"
    config.write_text(target.config)
    report = tmp / f"report-{target.name}"
    command = [
        *target.command(str(Path(sys.executable).with_name("st")), base + target.document, base, key, str(config)),
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        str(examples),
        "--continue-on-failure",
        "--workers",
        "4",
        "--no-color",
        "--report",
        "har",
        "--report-dir",
        str(report),
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    requests = sum(p.read_text().count('"request":') for p in report.rglob("*.json"))
    return result.returncode, requests, elapsed, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=400, help="fuzzing examples per operation")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", action="append", help="fuzz only this API (native or a dialect's name)")
    args = parser.parse_args()
    url = bench_database_url("bench_fuzz")
    env = {"API_RATE_LIMIT": "10000000/min", "WEBHOOK_ALLOW_HTTP": "1", "WEBHOOK_ALLOW_PRIVATE": "1"}
    os.environ.update(env)  # this process makes the webhook the server will check
    setup_django(url)
    failed = False
    with Server(url, workers=args.workers, env=env) as server:
        base = f"http://127.0.0.1:{server.port}"
        key, ids = prepare(f"{base}/healthz")
        chosen = [t for t in targets(ids) if not args.only or t.name in args.only]
        with tempfile.TemporaryDirectory() as tmp:
            for target in chosen:
                code, requests, elapsed, output = fuzz(target, base, key, args.examples, Path(tmp))
                failed = failed or code != 0
                print(output)
                print(f"{target.name}: {requests:,} requests in {elapsed:.0f} s; schemathesis exit code {code}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
