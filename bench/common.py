"""Reusable benchmark pieces: a PostgreSQL database, fast seeding, a gunicorn server, a load generator.

Used by bench/api.py (and meant for bench/pages.py). Everything stays on 127.0.0.1; every loop is
bounded by a time limit and a request cap. Typical use:

    url = bench_database_url("bench_api")          # DATABASE_URL, checked, created, migrated
    setup_django(url)
    seed_trackers(org, "test", 100_000, events_per_tracker=10)
    with Server(url, workers=2) as server:
        result = measure(server.port, "GET", "/bench/bare", seconds=8)
        print(HEADER)
        print(result.line("bare"))

On a shared machine, measure the URLs in several interleaved rounds and `merge` each URL's
results, so that a burst of outside load hits every URL alike rather than one of them.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


# --- database ------------------------------------------------------------------------------------


def bench_database_url(default_name: str) -> str:
    """DATABASE_URL from the environment (or postgres://postgres@127.0.0.1:5432/<default_name>).

    Refuses anything but a PostgreSQL database whose name contains "bench": the benchmarks write
    hundreds of thousands of rows and must never touch a real database.
    """
    url = os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{default_name}"
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must be a PostgreSQL database whose name contains 'bench', e.g. .../bench_api")
    os.environ["DATABASE_URL"] = url
    return url


def ensure_database(url: str) -> None:
    """Create the database named by `url` when it does not exist (connects to the `postgres` db)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    """Create the database if needed, set up Django against it and apply migrations."""
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- seeding -------------------------------------------------------------------------------------


def _copy(model, rows: list[dict]) -> None:
    """COPY plain dicts (field name -> value) into the model's table; missing fields get their default."""
    from django.db import connection
    from django.db.models import JSONField
    from psycopg.types.json import Jsonb

    from core.ids import HexFormField, PublicIdField, hex_form, new_public_id

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = []
            named: dict = {}
            for f in fields:
                if f.attname in row:
                    value = row[f.attname]
                elif isinstance(f, PublicIdField):  # filled in by pre_save, which COPY skips
                    value = new_public_id(f.prefix)
                elif isinstance(f, HexFormField):  # derived from the public id, declared before it
                    value = hex_form(named["public_id"])
                else:
                    value = f.get_default()
                named[f.attname] = value
                if isinstance(f, JSONField):
                    value = Jsonb(value)
                values.append(value)
            copy.write_row(values)


def seed_trackers(
    organization,
    mode: str,
    count: int,
    *,
    events_per_tracker: int = 10,
    number_prefix: str = "PKGX-AAAAAAA-",
    chunk: int = 20_000,
    now: datetime | None = None,
) -> int:
    """Insert `count` trackers × `events_per_tracker` events with COPY; returns how many were added.

    Idempotent per (organization, mode, number_prefix): trackers already there are kept, only the
    missing ones are added, so a re-run starts at once. Trackers are one minute apart (newest
    first = index 0), sandbox courier, varied statuses and order/customer fields so that filters
    and search have something to find; their numbers are `number_prefix` + a 7-digit index.
    Events are spread over the tracker's first days, in four US time zones.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from trackers.models import Tracker, TrackingEvent

    now = now or timezone.now()
    have = Tracker.objects.filter(organization=organization, mode=mode, tracking_number__startswith=number_prefix)
    start = have.count()
    statuses = ["delivered"] * 6 + ["in_transit"] * 3 + ["failure"]
    zones = [
        ("Los Angeles", "CA", "America/Los_Angeles"),
        ("Denver", "CO", "America/Denver"),
        ("Chicago", "IL", "America/Chicago"),
        ("Newark", "NJ", "America/New_York"),
    ]
    for first in range(start, count, chunk):
        last = min(count, first + chunk)
        with transaction.atomic():
            trackers = []
            for i in range(first, last):
                created = now - timedelta(minutes=i)
                status = statuses[i % len(statuses)]
                trackers.append(
                    {
                        "organization_id": organization.pk,
                        "mode": mode,
                        "tracking_number": f"{number_prefix}{i:07d}",
                        "courier": "sandbox",
                        "status": status,
                        "status_detail": status,
                        "title": f"Item {i}",
                        "order_id": f"#{i}",
                        "customer_name": f"Customer {i}",
                        "customer_email": f"c{i}@example.com",
                        "created_at": created,
                        "updated_at": created,
                        "last_event_at": created + timedelta(hours=events_per_tracker),
                        "delivered_at": created + timedelta(days=2) if status == "delivered" else None,
                        "next_refresh_at": None,
                        "metadata": {},
                    }
                )
            _copy(Tracker, trackers)
            if events_per_tracker:
                numbers = [t["tracking_number"] for t in trackers]
                ids = dict(
                    Tracker.objects.filter(
                        organization=organization, mode=mode, tracking_number__in=numbers
                    ).values_list("tracking_number", "id")
                )
                events = []
                for t in trackers:
                    tracker_id = ids[t["tracking_number"]]
                    for step in range(events_per_tracker):
                        city, state, tz = zones[step % len(zones)]
                        events.append(
                            {
                                "tracker_id": tracker_id,
                                "occurred_at": t["created_at"] + timedelta(hours=step),
                                "time_zone": tz,
                                "status": "in_transit" if step else "pre_transit",
                                "status_detail": "arrived_at_facility" if step else "label_created",
                                "message": f"Scan {step} in {city}",
                                "city": city,
                                "state": state,
                                "country": "US",
                                "courier": "sandbox",
                                "fingerprint": f"bench{tracker_id}-{step}",
                                "raw": {},
                                "created_at": t["created_at"],
                            }
                        )
                _copy(TrackingEvent, events)
        print(f"  seeded {last:,}/{count:,} trackers", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trackers_tracker")
        cursor.execute("ANALYZE trackers_trackingevent")
    return max(0, count - start)


# --- server --------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The project under gunicorn on 127.0.0.1, as a context manager (SIGTERM on exit).

    DEBUG off, BENCH_ENDPOINTS=1 (so /bench/bare and friends exist), the given DATABASE_URL and any
    `env` overrides (e.g. API_RATE_LIMIT). Waits until /healthz answers before returning.
    """

    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 2, env: dict | None = None):
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "BENCH_ENDPOINTS": "1",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1",
            **self.env,
        }
        cmd = [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(self.threads),
            "--log-level",
            "warning",
            "--limit-request-line",
            "0",  # as the Procfile: every API answer comes from Django, in JSON (docs/security.md)
        ]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit("gunicorn did not start within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- load ----------------------------------------------------------------------------------------


@dataclass
class Result:
    """What one measured URL did: requests per second and latency percentiles in ms."""

    requests: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        values = sorted(self.latencies_ms)
        if len(values) < 2:
            return values[0] if values else 0.0
        return statistics.quantiles(values, n=100)[q - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    def merge(self, other: Result) -> Result:
        """Two measurements of the same URL as one (rounds interleaved with other URLs)."""
        latencies = self.latencies_ms + other.latencies_ms
        return Result(self.requests + other.requests, self.seconds + other.seconds, latencies)

    def line(self, name: str, baseline: Result | None = None) -> str:
        ratio = f"{self.rps / baseline.rps:8.2f}" if baseline and baseline.rps else f"{'':>8}"
        return f"{name:<16} {self.rps:9.0f} {self.p50:8.1f} {self.p95:8.1f} {ratio}"


HEADER = f"{'endpoint':<16} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>8}"


def _client(args: tuple) -> tuple[int, list[float], str, float, float]:
    """One client process: keep-alive requests until the deadline or the cap.

    Returns (count, latencies, error, started, finished) with wall-clock times, so the rate excludes
    the time it took to start the processes.
    """
    port, method, path, headers, body_template, deadline, cap, expect, worker = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    error = ""
    n = 0
    started = time.time()
    while time.time() < deadline and n < cap:
        body = body_template.replace("{n}", f"{worker % 10}{n % 1_000_000:06d}").encode() if body_template else None
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            error = f"{exc.__class__.__name__}: {exc}"
            break
        latencies.append((time.perf_counter() - t0) * 1000)
        n += 1
        if response.status != expect:
            error = f"HTTP {response.status}, expected {expect}"
            break
    finished = time.time()
    conn.close()
    return n, latencies, error, started, finished


def measure(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict | None = None,
    body_template: str = "",
    seconds: float = 8.0,
    clients: int = 4,
    expect: int = 200,
    max_requests: int = 200_000,
) -> Result:
    """Drive one URL with `clients` keep-alive client processes for `seconds` (or `max_requests`).

    `body_template` is sent as the body with every "{n}" replaced by 7 digits unique to each request
    (the client's index, then a 6-digit counter; up to 9 clients), so a POST can create distinct
    objects (e.g. sandbox numbers "PKGX-ABCDEFG-{n}"). Processes,
    not threads, so the client's own Python does not cap the server's rate. Raises SystemExit when a
    response has an unexpected status (a benchmark of errors measures nothing).
    """
    headers = {"Content-Type": "application/json", **(headers or {})}
    deadline = time.time() + seconds
    cap = max(1, max_requests // clients)
    jobs = [(port, method, path, headers, body_template, deadline, cap, expect, i + 1) for i in range(clients)]
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        parts = pool.map(_client, jobs)
    errors = [p[2] for p in parts if p[2]]
    if errors:
        raise SystemExit(f"{method} {path}: {errors[0]}")
    elapsed = max(p[4] for p in parts) - min(p[3] for p in parts)
    latencies = [ms for p in parts for ms in p[1]]
    return Result(requests=sum(p[0] for p in parts), seconds=elapsed, latencies_ms=latencies)
