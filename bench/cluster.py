"""Scale-out proven: two task clusters on one PostgreSQL, killed at random, lose nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_cluster \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/cluster.py [--broker redis|orm|both] [-n 20000]

Per broker: N sandbox trackers, due now, spread over the sandbox's patterns (every final status) and
a little in age; a local webhook receiver subscribed to them; two `qcluster` processes, each in
its own process group (as if on two machines), sharing the database and the broker. While they
work, a randomly chosen cluster is killed with SIGKILL to its whole process group at random
moments (--kills, at least 10), and started again. Then, once everything has drained, it checks:

- every tracker is in the state the sandbox's pure timeline says (status, detail, every scan once);
- no tracker was refreshed by two workers at once: a trigger (bench database only) logs each
  applied refresh with when its carrier was asked; a refresh that asked before the previous one
  was applied overlapped it. Answers dropped as older than the applied one are counted too;
- no duplicate tracker event and no backward `tracker.updated` (scans only grow);
- every webhook event reached the receiver at least once; every copy carries the event's id as
  `webhook-id`; every copy the receiver got is in the attempt log;

and prints the time to drain and, per kill, the time to recover: until every tracker (and
delivery) that was claimed when the kill landed had been refreshed (sent). The Redis broker loses
a killed cluster's queued tasks, and the claims' leases bring the work back; the ORM broker keeps
them locked for Q_RETRY, and the leases bring the work back sooner (the late task then skips what
was claimed since). Leases are shortened for the run (REFRESH_CLAIM_SECONDS, WEBHOOK_LEASE_SECONDS,
printed) so a run takes minutes. Exit status 1 on any loss. Only 127.0.0.1 is contacted; only the
process groups this script started are signalled.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PATTERNS = [f"PKGX-{letter * 7}-" for letter in "ABCDEFGHI"]
TRIGGER_SQL = """
CREATE UNLOGGED TABLE IF NOT EXISTS bench_refresh_log (
    tracker_id bigint, asked_at timestamptz, applied_at timestamptz, status text, backend int);
CREATE OR REPLACE FUNCTION bench_log_refresh() RETURNS trigger AS $$
BEGIN
    INSERT INTO bench_refresh_log
        VALUES (NEW.id, NEW.last_refreshed_at, clock_timestamp(), NEW.status, pg_backend_pid());
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS bench_refresh_log ON trackers_tracker;
CREATE TRIGGER bench_refresh_log AFTER UPDATE OF last_refreshed_at ON trackers_tracker FOR EACH ROW
    WHEN (OLD.last_refreshed_at IS DISTINCT FROM NEW.last_refreshed_at) EXECUTE FUNCTION bench_log_refresh();
TRUNCATE bench_refresh_log;
"""
DROP_TRIGGER_SQL = "DROP TRIGGER IF EXISTS bench_refresh_log ON trackers_tracker"


class Receiver:
    """Every request it got: (webhook-id header, the body's event id, time)."""

    def __init__(self) -> None:
        self.copies: list[tuple[str, str, float]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                event_id = json.loads(body).get("id", "")
                with receiver.lock:
                    receiver.copies.append((self.headers.get("webhook-id", ""), event_id, time.time()))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

            def handle_error(self, request, client_address):
                pass  # a sender killed mid-request resets its connection: expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Cluster:
    """One qcluster in a process group of its own; `kill` is kill -9 of that group."""

    def __init__(self, name: str, env: dict, logdir: Path):
        self.name, self.env, self.logdir = name, env, logdir
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.logdir / f"{self.name}-{self.starts}.log", "w")  # noqa: SIM115 (lives with the process)
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as if on its own machine
        )

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def reset(org) -> None:
    """Start from nothing for this organization, with empty task tables and schedules due now."""
    from django.db import connection
    from django.utils import timezone
    from django_q.models import OrmQ, Schedule, Task

    from events.models import Event
    from trackers.models import Tracker
    from webhooks.models import Delivery, Subscription

    Delivery.objects.filter(subscription__organization=org).delete()
    Event.objects.filter(organization=org).delete()
    Tracker.objects.filter(organization=org).delete()
    Subscription.objects.filter(organization=org).delete()
    OrmQ.objects.all().delete()
    Task.objects.all().delete()
    Schedule.objects.update(next_run=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(TRIGGER_SQL)


def seed(org, n: int, step: int) -> None:
    """N sandbox trackers due now, created within the last two steps (so they move for minutes)."""
    from common import _copy
    from django.utils import timezone

    from trackers.models import Tracker

    now = timezone.now()
    rng = random.Random(14)
    rows = []
    for i in range(n):
        created = now - timedelta(seconds=rng.uniform(0, 2 * step))
        rows.append(
            {
                "organization_id": org.pk,
                "mode": "test",
                "tracking_number": f"{PATTERNS[i % len(PATTERNS)]}{i:07d}",
                "courier": "sandbox",
                "status": "unknown",
                "created_at": created,
                "updated_at": created,
                "next_refresh_at": now,
                "metadata": {},
            }
        )
        if len(rows) == 5000:
            _copy(Tracker, rows)
            rows = []
    if rows:
        _copy(Tracker, rows)


def snapshot_claimed(org, at: datetime, step: int) -> tuple[list[int], list[int]]:
    """Trackers and deliveries held by a claim when a kill lands (a lease reaches past one step)."""
    from trackers.models import Tracker
    from webhooks.models import Delivery, DeliveryStatus

    trackers = list(
        Tracker.objects.filter(organization=org, next_refresh_at__gt=at + timedelta(seconds=step + 2)).values_list(
            "pk", flat=True
        )
    )
    deliveries = list(
        Delivery.objects.filter(
            subscription__organization=org, status=DeliveryStatus.PENDING, lease_until__gt=at
        ).values_list("pk", flat=True)
    )
    return trackers, deliveries


def applied_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_refresh_log")
        return cursor.fetchone()[0]


def drained(org) -> bool:
    from trackers.models import Tracker
    from webhooks.models import Delivery, DeliveryStatus

    return (
        not Tracker.objects.filter(organization=org, next_refresh_at__isnull=False).exists()
        and not Delivery.objects.filter(subscription__organization=org, status=DeliveryStatus.PENDING).exists()
    )


def run(broker: str, args, redis_url: str, logdir: Path) -> bool:
    from cluster_check import check
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from accounts.models import Organization
    from webhooks.models import Subscription
    from webhooks.signing import generate_secret

    org, _ = Organization.objects.get_or_create(slug="bench-cluster", defaults={"name": "Bench cluster"})
    reset(org)
    if broker == "redis":
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # this benchmark's own database number only
    receiver = Receiver()
    Subscription.objects.create(organization=org, mode="test", url=receiver.url, secret=generate_secret())
    seed(org, args.n, args.step)

    env = {
        **os.environ,
        "SANDBOX_STEP_SECONDS": str(args.step),
        "REFRESH_CLAIM_SECONDS": str(args.claim_seconds),
        "WEBHOOK_LEASE_SECONDS": str(args.webhook_lease),
        "WEBHOOK_TASK_SECONDS": "20",
        "WEBHOOK_ALLOW_PRIVATE": "1",
        "WEBHOOK_ALLOW_HTTP": "1",
        "Q_WORKERS": str(args.workers),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if broker == "redis":
        env["REDIS_URL"] = redis_url
    clusters = [Cluster(f"{broker}-{name}", env, logdir) for name in ("a", "b")]
    print(
        f"\n== broker {broker}: {args.n:,} trackers, 2 clusters x {args.workers} workers, step {args.step} s, "
        f"REFRESH_CLAIM_SECONDS={args.claim_seconds}, WEBHOOK_LEASE_SECONDS={args.webhook_lease}, "
        f"Q_RETRY={os.environ.get('Q_RETRY', '360')}",
        flush=True,
    )
    rng = random.Random()
    kills: list[dict] = []
    started = timezone.now()
    t0 = time.monotonic()
    for c in clusters:
        c.start()
    try:
        # The kills land while work is under way: from the first applied refresh on.
        while not applied_count():
            if time.monotonic() - t0 > 180:
                sys.exit("no refresh applied within 180 s of starting the clusters")
            time.sleep(1)
        print(f"  first refresh applied at +{time.monotonic() - t0:.1f} s", flush=True)
        while len(kills) < args.kills:
            time.sleep(rng.uniform(args.kill_every * 0.3, args.kill_every * 1.7))
            victim = rng.choice(clusters)
            victim.kill()
            at = timezone.now()
            close_old_connections()
            trackers, deliveries = snapshot_claimed(org, at, args.step)
            kills.append({"cluster": victim.name, "at": at, "trackers": trackers, "deliveries": deliveries})
            print(
                f"  kill -9 {victim.name:<8} at +{time.monotonic() - t0:5.1f} s: "
                f"{len(trackers):>5} trackers and {len(deliveries):>3} deliveries claimed",
                flush=True,
            )
            time.sleep(rng.uniform(0, 2))
            victim.start()
        deadline = time.monotonic() + args.timeout
        while not drained(org):
            if time.monotonic() > deadline:
                print(f"  NOT DRAINED within {args.timeout} s after the last kill")
                break
            time.sleep(2)
        drain_seconds = time.monotonic() - t0
        time.sleep(2)  # the last answers reach the receiver's log
    finally:
        for c in clusters:
            c.stop()
        receiver.server.shutdown()
    ok = check(org, receiver, kills, started, drain_seconds, args)
    with connection.cursor() as cursor:
        cursor.execute(DROP_TRIGGER_SQL)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broker", choices=["redis", "orm", "both"], default="both")
    parser.add_argument("-n", type=int, default=20_000, help="sandbox trackers")
    parser.add_argument("--kills", type=int, default=10, help="kill -9 of a whole cluster (at least 10)")
    parser.add_argument("--kill-every", type=float, default=15, help="mean seconds between kills")
    parser.add_argument("--workers", type=int, default=2, help="workers per cluster")
    parser.add_argument("--step", type=int, default=20, help="SANDBOX_STEP_SECONDS")
    parser.add_argument("--claim-seconds", type=int, default=120, help="REFRESH_CLAIM_SECONDS for the run")
    parser.add_argument("--webhook-lease", type=int, default=60, help="WEBHOOK_LEASE_SECONDS for the run")
    parser.add_argument("--timeout", type=int, default=900, help="seconds to drain after the last kill")
    args = parser.parse_args()
    if args.kills < 10:
        sys.exit("--kills must be at least 10")

    from common import bench_database_url, setup_django

    url = bench_database_url("bench_cluster")  # refuses any database not named *bench*
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    os.environ.pop("REDIS_URL", None)  # this process uses the ORM; each cluster gets its broker
    os.environ["SANDBOX_STEP_SECONDS"] = str(args.step)  # the expected timelines use the clusters' step
    setup_django(url)
    logdir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    print(f"cluster logs in {logdir}")
    brokers = ["redis", "orm"] if args.broker == "both" else [args.broker]
    results = {broker: run(broker, args, redis_url, logdir) for broker in brokers}
    print("\n" + ", ".join(f"{b}: {'ok' if ok else 'FAIL'}" for b, ok in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
