"""Page speed: the public tracking page and the dashboard's trackers list beside a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages .venv/bin/python bench/pages.py

Seeds 100,000 trackers (once; re-runs reuse them), starts gunicorn on 127.0.0.1 with the project's
settings (DEBUG off), and drives each URL with the same keep-alive load for the same time:
  bare     a view that returns "ok" through the same middleware (BENCH_ENDPOINTS=1),
  public   /t/<token>/ for a tracker with a full timeline (a fresh render: no If-None-Match),
  public304  the same page with its ETag (what a reload costs),
  list     /dashboard/trackers/ logged in, 100,000 trackers in the organization and mode,
  search   /dashboard/trackers/?q=<order id>.
Prints requests/s, p50 and p95 per URL and the ratios to the bare view. Targets: public >= 0.5 x
bare; list p95 < 300 ms. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TOTAL = 100_000


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> tuple[str, str, str]:
    """(public token, session cookie, an order id): the organization, user and 100k trackers."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from accounts.models import Membership, Mode, Organization
    from trackers import services
    from trackers.models import Tracker
    from trackers.statuses import Status

    org, _ = Organization.objects.get_or_create(slug="bench-pages", defaults={"name": "Bench Pages"})
    org.display_name, org.brand_color = "Bench Outfitters", "#0f766e"
    org.save()
    user, _ = get_user_model().objects.get_or_create(username="bench-pages")
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "owner"})
    have = Tracker.objects.filter(organization=org, mode=Mode.TEST).count()
    if have < TOTAL:
        print(f"seeding {TOTAL - have:,} trackers …", flush=True)
        now = timezone.now()
        statuses = [Status.DELIVERED] * 6 + [Status.IN_TRANSIT] * 3 + [Status.FAILURE]
        batch = []
        for i in range(have, TOTAL):
            status = statuses[i % len(statuses)]
            created = now - timedelta(minutes=i)
            batch.append(
                Tracker(
                    organization=org,
                    mode=Mode.TEST,
                    tracking_number=f"PKGX-AAAAAAA-{i:07d}",
                    courier="sandbox",
                    status=status,
                    title=f"Item {i}",
                    order_id=f"#{i}",
                    customer_name=f"Customer {i}",
                    customer_email=f"c{i}@example.com",
                    created_at=created,
                    updated_at=created,
                    last_event_at=created,
                    delivered_at=created + timedelta(days=2) if status == Status.DELIVERED else None,
                    next_refresh_at=None,
                )
            )
            if len(batch) == 5000:
                Tracker.objects.bulk_create(batch)
                batch = []
        Tracker.objects.bulk_create(batch)
    # The public page's tracker: created through the service, with its full sandbox timeline.
    tracker = Tracker.objects.filter(organization=org, mode=Mode.TEST, tracking_number="PKGX-AAAAAAA-BENCHPG").first()
    if tracker is None:
        tracker = services.create_tracker(org, Mode.TEST, "PKGX-AAAAAAA-BENCHPG", fields={"title": "x"}).tracker
        Tracker.objects.filter(pk=tracker.pk).update(created_at=timezone.now() - timedelta(hours=2))
        tracker.refresh_from_db()
        services.refresh_now(tracker)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trackers_tracker")
    return tracker.public_token, session.session_key, "#54321"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "BENCH_ENDPOINTS": "1", "DEBUG": "0", "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1"}
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, headers: dict, seconds: float, concurrency: int, expect: int) -> tuple[float, list]:
    """Keep-alive clients hitting one path for `seconds`; returns (requests/s, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    errors = []

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if response.status != expect:
                errors.append(response.status)
                break
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{path}: got HTTP {errors[0]}, expected {expect}")
    return len(latencies) / (time.perf_counter() - start), latencies


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="load time per URL")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench', e.g. .../bench_pages")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    token, sessionid, order_id = seed()

    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", f"/t/{token}/")
        etag = conn.getresponse().getheader("ETag")
        cookie = {"Cookie": f"sessionid={sessionid}"}
        cases = [
            ("bare", "/_bench/pages-bare/", {}, 200),
            ("public", f"/t/{token}/", {"Accept-Language": "en"}, 200),
            ("public304", f"/t/{token}/", {"Accept-Language": "en", "If-None-Match": etag}, 304),
            ("list", "/dashboard/trackers/", cookie, 200),
            ("search", "/dashboard/trackers/?q=" + order_id.replace("#", "%23"), cookie, 200),
            ("overview", "/dashboard/", cookie, 200),
        ]
        for _name, path, headers, expect in cases:  # warm-up: connections, caches, template loading
            load(port, path, headers, 0.5, args.concurrency, expect)
        results = {}
        for name, path, headers, expect in cases:
            rate, lat = load(port, path, headers, args.seconds, args.concurrency, expect)
            results[name] = (rate, p(lat, 50), p(lat, 95))
        print(
            f"\n{TOTAL:,} trackers, gunicorn {args.workers} workers (gthread x2), {args.concurrency} clients, "
            f"{args.seconds:.0f}s per URL, PostgreSQL"
        )
        print(f"{'url':<10} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>8}")
        bare = results["bare"][0]
        for name, (rate, p50, p95) in results.items():
            print(f"{name:<10} {rate:9.0f} {p50:8.1f} {p95:8.1f} {rate / bare:8.2f}")
        public_ratio = results["public"][0] / bare
        list_p95 = results["list"][2]
        print(
            f"\npublic page / bare view: {public_ratio:.2f} (target >= 0.5) {'OK' if public_ratio >= 0.5 else 'MISSED'}"
        )
        print(f"trackers list p95: {list_p95:.0f} ms (target < 300) {'OK' if list_p95 < 300 else 'MISSED'}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
