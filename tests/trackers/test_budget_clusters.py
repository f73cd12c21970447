"""Two task clusters on one PostgreSQL, one carrier budget: together they never pass it.

Real processes: the database is a PostgreSQL of its own (created and dropped here), the broker is
django-q2's ORM broker on it, and two `qcluster` processes (each in its own process group, as on
two machines) run claims and refreshes at once against a local USPS that answers 429 past its
hourly quota. The check is at the carrier: its count per window never passes the budget, it never
had to answer 429, and the budget was used. The test waits for the tasks to finish (a condition
read from the database), never for a guessed time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.carriers.quota import QuotaCarrier

ROOT = Path(__file__).resolve().parent.parent.parent
QUOTA = 15
TRACKERS = 60
SERVER = "postgres://postgres@127.0.0.1:5432"

SETUP = f"""
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from django_q.tasks import async_task
from accounts.models import Mode, Organization
from trackers.models import Tracker
orgs = [Organization.objects.create(name=f"Org {{n}}", slug=f"org-{{n}}") for n in range(3)]
now = timezone.now()
rows = [
    Tracker(organization=orgs[n % 3], mode=Mode.LIVE, courier="usps", tracking_number=f"9400111899560{{n:09d}}",
            next_refresh_at=now - timedelta(minutes=n))
    for n in range({TRACKERS})
]
Tracker.objects.bulk_create(rows)
ids = list(Tracker.objects.values_list("pk", flat=True))
# Claims from both clusters at once, in batches of 4 trackers.
for _ in range(8):
    async_task("trackers.tasks.enqueue_due")
"""

# The ORM broker deletes a task's row once its worker is done with it (after the tasks it queued
# were written): an empty queue means every claim and refresh has finished.
QUEUED = """
import django
django.setup()
from django_q.models import OrmQ
print(OrmQ.objects.count())
"""

STATE = """
import django
django.setup()
from trackers.models import Tracker
print(list(Tracker.objects.values_list("staleness_reason", flat=True)))
"""

ROUND = """
import django
django.setup()
from django_q.tasks import async_task
async_task("trackers.tasks.enqueue_due")
"""


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{SERVER}/postgres", connect_timeout=5).close()
        return True
    except Exception:
        return False


def database_name() -> str:
    current = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "tracking"
    return f"{current}_carrier_budgets_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"[:60]


def run(env: dict, *args: str, capture: bool = True) -> str:
    out = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=capture, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL on 127.0.0.1:5432 is needed for two clusters")
def test_two_clusters_never_pass_the_budget_together(tmp_path):
    import psycopg

    name = database_name()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    clusters: list[subprocess.Popen] = []
    try:
        with QuotaCarrier(quota=QUOTA) as carrier:
            env = {
                **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_XDIST_WORKER")},
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": f"{SERVER}/{name}",
                "USPS_API_BASE": carrier.url,
                "USPS_CLIENT_ID": "id",
                "USPS_CLIENT_SECRET": "secret",
                "CARRIER_BUDGETS": f"usps={QUOTA}/hour",
                "RATE_LIMIT_STORE": "database",
                "Q_WORKERS": "2",
                "REFRESH_BATCH_SIZE": "4",
                "DEBUG": "1",
            }
            run(env, "manage.py", "migrate", "-v0")
            run(env, "-c", SETUP)
            logs = [(tmp_path / f"cluster{n}.log").open("w") for n in range(2)]
            for n in range(2):
                clusters.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "qcluster"],
                        cwd=ROOT,
                        env={**env, "Q_CLUSTER_NAME": "tracking"},
                        stdout=logs[n],
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            for _round in range(4):
                deadline = time.monotonic() + 300
                while int(run(env, "-c", QUEUED).strip().splitlines()[-1]) > 0:
                    assert time.monotonic() < deadline, "the clusters did not finish their tasks"
                    assert all(c.poll() is None for c in clusters), "a cluster died"
                    time.sleep(1)  # polling a condition: the next look at the queue
                if sum(carrier.counts.values()) >= QUOTA:
                    break
                # Claims racing each other may leave a reservation given back after the last claim
                # looked: one more claim, alone, takes what is left.
                run(env, "-c", ROUND)
            state = run(env, "-c", STATE)
            counts = dict(carrier.counts)
            refused = carrier.refused
    finally:
        for cluster in clusters:
            if cluster.poll() is None:
                os.killpg(cluster.pid, signal.SIGTERM)
        for cluster in clusters:
            try:
                cluster.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(cluster.pid, signal.SIGKILL)
                cluster.wait()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    log = "".join((tmp_path / f"cluster{n}.log").read_text()[-3000:] for n in range(2))
    assert counts, f"the carrier was never asked: {state} {log}"
    assert refused == 0, "the carrier had to answer 429"
    assert max(counts.values()) <= QUOTA
    assert sum(counts.values()) >= QUOTA, state  # the budget was used, not merely left alone
    assert state.count("carrier_budget") >= TRACKERS - sum(counts.values())  # the rest say why they wait
