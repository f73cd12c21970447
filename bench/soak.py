"""A soak test: mixed traffic for a long stretch against gunicorn and a task cluster, checked for drift.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_soak REDIS_URL=redis://127.0.0.1:6379/6 \\
    .venv/bin/python bench/soak.py [--minutes 30] [--trackers 100000] [--rate 40]

The production shape on one machine: gunicorn (2 workers × 2 threads, DEBUG off) and one qcluster,
on PostgreSQL with the Redis broker and cache. For `--minutes`, client threads send a steady,
paced mix (so latency is comparable from start to end): native API reads, lists and creates, a
dashboard page with a signed-in session, EasyPost and Packy dialect calls and the public page.
Meanwhile `--trackers` sandbox trackers come due spread over the run, so the cluster refreshes
them throughout, and every change is a webhook to a local receiver that fails 5 % of requests
(HTTP 500, chosen at random).

Then the receiver stops failing, the retries still waiting are made due (what the dashboard's
Retry does) and the run waits until every delivery has settled. It prints, and checks:

- server errors (5xx) over the whole run: 0;
- per route, p99 latency in the first five minutes and in the last five: within 20 %;
- per process (gunicorn master and workers, the cluster's processes), resident memory one minute
  in and at the end: within 10 % (processes a pool recycled are reported, not compared);
- every webhook event answered 2xx at least once, with its id as `webhook-id`.

Exit status 1 when a check fails. Only 127.0.0.1 is contacted; only processes it started are signalled.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from base64 import b64encode
from collections import defaultdict
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Server, bench_database_url, seed_trackers, setup_django

WINDOW = 300  # seconds: the first and last windows compared
P99_DRIFT = 1.20
MEMORY_DRIFT = 1.10


class Receiver:
    """A webhook receiver that answers 500 to a share of requests; remembers the ids it accepted."""

    def __init__(self, fail_share: float) -> None:
        self.fail_share = fail_share
        self.accepted: set[str] = set()
        self.copies = 0
        self.failed = 0
        self.lock = threading.Lock()
        rng = random.Random(7)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    fail = rng.random() < receiver.fail_share
                    receiver.copies += 1
                    if fail:
                        receiver.failed += 1
                    else:
                        receiver.accepted.add(self.headers.get("webhook-id", ""))
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"no" if fail else b"ok")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def prepare(count: int, minutes: float, receiver_url: str) -> dict:
    """The organization, its keys, a dashboard session, a webhook, and trackers due over the run."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from accounts import services as accounts
    from accounts.models import ApiKey, Mode
    from trackers.models import Tracker
    from webhooks.models import Delivery, Subscription

    org = accounts.get_or_create_organization("bench-soak", "Bench soak")
    print(f"seeding {count:,} trackers (reused when present) …", flush=True)
    seed_trackers(org, Mode.TEST, count, events_per_tracker=2, number_prefix="PKGX-DDDDDDD-")
    now = timezone.now()
    spread = max(1.0, minutes * 60 - 60)
    trackers = Tracker.objects.filter(organization=org, mode=Mode.TEST)
    # Every tracker comes due once, spread over the run; the sandbox's timeline is long over for
    # these old trackers, so each refresh moves it to its final status and writes a webhook event.
    pks = list(trackers.values_list("pk", flat=True))
    random.Random(3).shuffle(pks)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trackers_tracker SET active = true, status = 'in_transit', next_refresh_at = %s::timestamptz "
            "+ (random() * %s) * interval '1 second' WHERE organization_id = %s",
            [now + timedelta(seconds=30), spread, org.pk],
        )
    Delivery.objects.filter(subscription__organization=org).delete()
    Subscription.objects.filter(organization=org).delete()
    Subscription.objects.create(organization=org, mode=Mode.TEST, url=receiver_url)
    ApiKey.objects.filter(organization=org).delete()
    key = accounts.create_api_key(org, Mode.TEST, "soak").raw
    user, _ = get_user_model().objects.get_or_create(username="soak")
    accounts.add_member(org, user)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sample = list(trackers.values_list("public_id", "public_token")[:200])
    return {"key": key, "session": session.session_key, "sample": sample, "org": org.pk}


def routes(setup: dict) -> list[tuple[str, int, object]]:
    """(name, weight, request maker) for the traffic mix."""
    key, sample = setup["key"], setup["sample"]
    bearer = {"Authorization": f"Bearer {key}"}
    basic = {"Authorization": "Basic " + b64encode(f"{key}:".encode()).decode()}
    created = iter(range(10**7))

    def pick():
        return random.choice(sample)

    return [
        ("api detail", 30, lambda: ("GET", f"/api/v1/trackers/{pick()[0]}", bearer, None)),
        ("api list", 15, lambda: ("GET", "/api/v1/trackers?limit=20", bearer, None)),
        (
            "api create",
            5,
            lambda: ("POST", "/api/v1/trackers", bearer, {"tracking_number": f"PKGX-EEEEEEE-{next(created):07d}"}),
        ),
        (
            "dashboard list",
            5,
            lambda: ("GET", "/dashboard/trackers/", {"Cookie": f"sessionid={setup['session']}"}, None),
        ),
        ("easypost detail", 15, lambda: ("GET", f"/easypost/v2/trackers/{pick()[0]}", basic, None)),
        ("packy list", 10, lambda: ("GET", "/packy/v1/trackings?limit=20", {"X-API-Key": key}, None)),
        ("public page", 20, lambda: ("GET", f"/t/{pick()[1]}/", {}, None)),
    ]


class Traffic:
    """Client threads sending the mix at a steady total rate; every answer logged with its time."""

    def __init__(self, port: int, mix: list, rate: float, threads: int) -> None:
        self.port, self.mix, self.rate, self.threads = port, mix, rate, threads
        self.log: list[tuple[float, str, float, int]] = []  # (time, route, ms, status)
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def _client(self, seed: int) -> None:
        rng = random.Random(seed)
        names = [name for name, weight, _ in self.mix for _ in range(weight)]
        makers = {name: make for name, _, make in self.mix}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        interval = self.threads / self.rate
        next_at = time.monotonic() + rng.random() * interval
        while not self.stop.is_set():
            pause = next_at - time.monotonic()
            if pause > 0:
                self.stop.wait(pause)
            next_at += interval
            name = rng.choice(names)
            method, path, headers, body = makers[name]()
            data = json.dumps(body).encode() if body is not None else None
            headers = {**headers, "Host": "127.0.0.1", **({"Content-Type": "application/json"} if data else {})}
            started = time.monotonic()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 599  # no answer: counted as a server error
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.lock:
                self.log.append((time.time(), name, (time.monotonic() - started) * 1000, status))

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.threads)]
        for t in threads:
            t.start()
        return threads


def tree_rss(root: int) -> dict[int, tuple[str, float]]:
    """pid -> (command, resident MB) of a process and all its descendants."""
    parents, info = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss_pages = int((entry / "statm").read_text().split()[1])
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        # The program's name and its first arguments, without this machine's paths.
        command = " ".join([Path(argv[0]).name, *(Path(a).name for a in argv[1:3])])
        info[pid] = (f"{command} [{pid}]", rss_pages * os.sysconf("SC_PAGE_SIZE") / 2**20)

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False

    return {pid: info[pid] for pid in info if descends(pid)}


def start_cluster(env: dict) -> subprocess.Popen:
    log = tempfile.NamedTemporaryFile("w", prefix="soak-cluster-", suffix=".log", delete=False)  # noqa: SIM115
    print(f"cluster log: {log.name}")
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def stop_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))] if values else 0.0


def drain(org_id: int, receiver: Receiver, limit: float) -> tuple[int, int, int]:
    """Stop the refreshes and the failures, make waiting retries due (what the dashboard's Retry
    does), and wait until every delivery has settled. Returns (last event pk, pending, failed):
    every event up to that pk had all its deliveries settled when the wait ended."""
    from django.utils import timezone

    from events.models import Event
    from trackers.models import Tracker
    from webhooks.models import Delivery, DeliveryStatus

    receiver.fail_share = 0.0
    Tracker.objects.filter(organization_id=org_id).update(next_refresh_at=None)  # no new work
    ours = Delivery.objects.filter(subscription__organization_id=org_id)
    deadline = time.monotonic() + limit
    while True:
        # Read first: an event's deliveries are written with it, so none up to here can appear later.
        last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ours.filter(status=DeliveryStatus.PENDING, lease_until__isnull=True).update(next_attempt_at=timezone.now())
        if not ours.filter(status=DeliveryStatus.PENDING).exists() or time.monotonic() > deadline:
            break
        time.sleep(5)
    pending = ours.filter(status=DeliveryStatus.PENDING, event__pk__lte=last_event).count()
    return last_event, pending, ours.filter(status=DeliveryStatus.FAILED).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--trackers", type=int, default=100_000, help="trackers refreshed over the run")
    parser.add_argument("--rate", type=float, default=40.0, help="requests per second, all routes together")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--fail-share", type=float, default=0.05, help="share of webhook requests answered 500")
    args = parser.parse_args()
    window = min(WINDOW, args.minutes * 60 / 3)

    url = bench_database_url("bench_soak")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6")
    os.environ["REDIS_URL"] = redis_url
    setup_django(url)
    receiver = Receiver(args.fail_share)
    setup = prepare(args.trackers, args.minutes, receiver.url)
    from django.core.cache import cache
    from django.db import connections

    from events.models import Event
    from webhooks.models import Delivery

    cache.clear()
    connections.close_all()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "WEBHOOK_ALLOW_HTTP": "1",
        "WEBHOOK_ALLOW_PRIVATE": "1",
        "API_RATE_LIMIT": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }
    first_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    cluster = start_cluster(env)
    memory: dict[str, list[tuple[float, dict]]] = defaultdict(list)
    ok = True
    with Server(url, workers=2, threads=2, env=env) as server:
        assert server.process is not None
        traffic = Traffic(server.port, routes(setup), args.rate, args.threads)
        started = time.time()
        threads = traffic.start()
        end = started + args.minutes * 60
        print(f"soaking for {args.minutes:g} min at {args.rate:g} req/s …", flush=True)
        while time.time() < end:
            time.sleep(min(15, max(0.0, end - time.time())))
            now = time.time()
            memory["gunicorn"].append((now, tree_rss(server.process.pid)))
            memory["qcluster"].append((now, tree_rss(cluster.pid)))
            with traffic.lock:
                done = len(traffic.log)
            print(f"  {(now - started) / 60:5.1f} min: {done:,} requests, {receiver.copies:,} webhooks", flush=True)
        traffic.stop.set()
        for t in threads:
            t.join(timeout=35)
        last_event, pending, failed = drain(setup["org"], receiver, limit=600)
    stop_group(cluster)

    log = traffic.log
    errors = sum(1 for _, _, _, status in log if status >= 500)
    print(f"\n{len(log):,} requests in {args.minutes:g} min; server errors: {errors}")
    ok &= errors == 0
    print(f"\n{'route':<16} {'requests':>9} {'p99 first':>10} {'p99 last':>9} {'ratio':>6}")
    for name in sorted({name for _, name, _, _ in log}):
        first = [ms for t, n, ms, _ in log if n == name and t < started + window]
        last = [ms for t, n, ms, _ in log if n == name and t >= end - window]
        ratio = p99(last) / p99(first) if p99(first) else 0.0
        flat = ratio <= P99_DRIFT
        ok &= flat
        count = sum(1 for _, n, _, _ in log if n == name)
        mark = "" if flat else "  over 20 %"
        print(f"{name:<16} {count:>9,} {p99(first):>9.1f}ms {p99(last):>7.1f}ms {ratio:>6.2f}{mark}")

    print(f"\n{'process':<60} {'MB at 1 min':>11} {'MB at end':>9} {'ratio':>6}")
    for group, samples in memory.items():
        early = next((rss for t, rss in samples if t >= started + 60), samples[0][1] if samples else {})
        final = samples[-1][1] if samples else {}
        for pid, (command, mb) in sorted(early.items()):
            if pid not in final:
                print(f"{group}: {command[:50]:<52} {mb:>9.0f}   (recycled)")
                continue
            ratio = final[pid][1] / mb if mb else 0.0
            flat = ratio <= MEMORY_DRIFT
            ok &= flat
            print(
                f"{group}: {command[:50]:<52} {mb:>9.0f} {final[pid][1]:>9.0f} {ratio:>6.2f}"
                + ("" if flat else "  over 10 %")
            )

    events = set(
        Delivery.objects.filter(
            event__pk__gt=first_event, event__pk__lte=last_event, subscription__organization_id=setup["org"]
        ).values_list("event__public_id", flat=True)
    )
    missing = events - receiver.accepted
    print(
        f"\nwebhooks: {len(events):,} events, {receiver.copies:,} requests ({receiver.failed:,} answered 500), "
        f"{len(missing)} never accepted, {pending} still pending, {failed} failed"
    )
    ok &= not missing and pending == 0
    print("\nall targets hold" if ok else "\nTARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
