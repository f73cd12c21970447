"""Carrier budgets under load: never over budget, freshness when the budget allows and when not, cost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_carrier_budget \\
        .venv/bin/python bench/carrier_budget.py [-n 2000] [--seconds 30]

Live USPS trackers against a local USPS (in this process, on loopback) that counts requests per
second and answers 429 beyond its quota, as a rationing carrier does. Two worker processes (two
"clusters": separate processes sharing only the database, as on two machines) loop over the
scheduler's real path: budgeted claims (claim_all), then refresh with the claim's permits.

1. Budget allows: N/4 trackers due, budget well above demand: share checked within the claim
   cadence (a minute) of being due.
2. Budget does not: N trackers due, budget of --rate requests a second for --seconds: requests over
   budget at the carrier (must be 0), 429s (must be 0), budget use, and the freshness distribution
   at the end (checked, reasons, how overdue the rest are).
3. Cost: N trackers refreshed by one process with budgets off, then with an hourly budget far
   above the demand (claims reserve, the gate spends the permits, nothing is refused): the ratio
   is the machinery's cost (a per-second limit costs more: no request leaves in the last tenth of
   each second, so that it reaches the carrier within the second it was counted in);
   beside it, bench/refresh.py's sandbox figure measured in the same run (a subprocess).

Carrier calls per refreshed tracker are counted at the carrier (tracking requests / trackers
refreshed). Only 127.0.0.1 is contacted; only the processes this script started are waited for.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TRACK = "/tracking/v3/tracking/"


class Carrier(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        from tests.carriers import documents

        self.token = json.dumps(documents.USPS_TOKEN).encode()
        self.answer = json.dumps(documents.USPS_TRACKING_IN_TRANSIT).encode()
        self.lock = threading.Lock()
        self.quota = 10**9
        self.counts: Counter[int] = Counter()
        self.refused = 0
        self.tokens = 0

    def reset(self, quota: int) -> None:
        with self.lock:
            self.quota, self.refused, self.tokens = quota, 0, 0
            self.counts.clear()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # status, headers and body in one write (no delayed-ACK stall per answer)
    server: Carrier

    def _serve(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server, status, body, extra = self.server, 200, b"", {}
        with server.lock:
            if self.path.startswith("/oauth2"):
                server.tokens += 1
                body = server.token
            elif self.path.startswith(TRACK):
                second = int(time.time())
                server.counts[second] += 1
                if server.counts[second] > server.quota:
                    server.refused += 1
                    status, body, extra = 429, b'{"error": "quota"}', {"Retry-After": "1"}
                else:
                    body = server.answer
            else:
                status, body = 404, b'{"error": "no route"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    do_GET = do_POST = _serve

    def log_message(self, *args: object) -> None:
        pass


def worker(url: str, budgets: str, seconds: float, batch: int, out: multiprocessing.Queue) -> None:
    """One cluster: claim within the budget and refresh, until `seconds` pass or nothing is due."""
    import django

    django.setup()  # already set up before the fork: the settings are the parent's, changed here
    from django.conf import settings

    settings.CARRIER_BUDGETS = budgets
    from trackers import budget_claims
    from trackers.tasks import refresh_ids

    refreshed = deferred = 0
    end = time.monotonic() + seconds
    idle = 0
    while time.monotonic() < end and idle < 20:
        claims = budget_claims.claim_all(2, batch)
        if not claims:
            idle += 1
            time.sleep(0.1)  # an idle worker's poll; the next claim reads the budget again
            continue
        idle = 0
        for claim in claims:
            report = refresh_ids(claim.ids, claim.permits)
            refreshed, deferred = refreshed + report.refreshed, deferred + report.deferred
    out.put((refreshed, deferred))


def run_clusters(url: str, budgets: str, seconds: float, batch: int) -> tuple[int, int]:
    from django.db import connections

    connections.close_all()  # nothing shared over fork
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue = context.Queue()
    procs = [context.Process(target=worker, args=(url, budgets, seconds, batch, results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    totals = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="trackers in the budget-bound phase")
    parser.add_argument("--rate", type=int, default=20, help="budget and carrier quota, requests a second")
    parser.add_argument("--seconds", type=float, default=30, help="length of the budget-bound phase")
    parser.add_argument("--batch", type=int, default=50, help="trackers per claim")
    args = parser.parse_args()
    from common import bench_database_url, setup_django

    os.environ["USPS_CLIENT_ID"], os.environ["USPS_CLIENT_SECRET"] = "bench-id", "bench-secret"
    carrier = Carrier()
    threading.Thread(target=carrier.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{carrier.server_address[1]}"
    os.environ["USPS_API_BASE"] = url
    setup_django(bench_database_url("bench_carrier_budget"))
    import logging

    logging.getLogger("carriers").setLevel(logging.WARNING)  # one line per carrier call would be the run's cost
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Mode, Organization
    from accounts.services import get_or_create_organization
    from core.ids import new_public_id
    from trackers.models import CarrierAccount, CarrierWindow, Tracker, new_public_token
    from trackers.tasks import refresh_ids

    orgs = [get_or_create_organization(f"bench-{n}") for n in range(3)]

    def fresh(n: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE trackers_tracker, events_event CASCADE")
        CarrierWindow.objects.all().delete()
        CarrierAccount.objects.all().delete()
        now = timezone.now()
        Tracker.objects.bulk_create(
            [
                Tracker(
                    public_id=new_public_id("trk"),
                    public_token=new_public_token(),
                    organization=orgs[0] if i % 10 else orgs[1 + (i // 10) % 2],  # one tenant owns 90 %
                    mode=Mode.LIVE,
                    courier="usps",
                    tracking_number=f"9400111899{i:012d}",
                    next_refresh_at=now - timedelta(seconds=i % 60),
                    created_at=now - timedelta(hours=1),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE trackers_tracker")

    def calls() -> int:
        return sum(carrier.counts.values())

    print(f"database: {connection.vendor}; carrier quota {args.rate}/second; N={args.n}; two worker processes")

    # --- 1. budget allows ---------------------------------------------------------------------
    small = max(args.n // 4, 1)
    fresh(small)
    carrier.reset(10**9)
    started = timezone.now()
    refreshed, _ = run_clusters(url, "usps=1000/second", 60, args.batch)
    within = Tracker.objects.filter(last_refreshed_at__lte=started + timedelta(seconds=60)).count()
    print(f"1. budget allows: {within}/{small} checked within a minute of due ({100 * within / small:.1f} %)")

    # --- 2. budget does not ---------------------------------------------------------------------
    fresh(args.n)
    carrier.reset(args.rate)
    t0 = time.time()
    refreshed, _deferred = run_clusters(url, f"usps={args.rate}/second", args.seconds, args.batch)
    elapsed = time.time() - t0
    over = sum(max(0, c - args.rate) for c in carrier.counts.values())
    checked = Tracker.objects.filter(last_refreshed_at__isnull=False).count()
    now = timezone.now()
    overdue = sorted(
        (now - t).total_seconds()
        for t in Tracker.objects.filter(last_refreshed_at__isnull=True).values_list("next_refresh_at", flat=True)
    )
    reasons = Counter(Tracker.objects.values_list("staleness_reason", flat=True))
    print(
        f"2. budget {args.rate}/s for {elapsed:.0f} s: carrier calls {calls()}, "
        f"over budget {over}, 429s {carrier.refused}"
    )
    print(
        f"   budget use {100 * calls() / (args.rate * elapsed):.0f} % of {args.rate * elapsed:.0f}; "
        f"refreshed {refreshed}"
    )
    print(
        f"   carrier calls per refreshed tracker {calls() / max(refreshed, 1):.2f} "
        "(no batching: USPS takes one number per call)"
    )
    if overdue:
        pick = lambda q: overdue[min(len(overdue) - 1, int(q * len(overdue)))]  # noqa: E731
        print(
            f"   freshness: {checked}/{args.n} checked; the rest overdue p50 {pick(0.5):.0f} s, "
            f"p90 {pick(0.9):.0f} s, max {overdue[-1]:.0f} s; reasons {dict(reasons)}"
        )
    by_org = Counter(Tracker.objects.filter(last_refreshed_at__isnull=False).values_list("organization_id", flat=True))
    print(f"   fair share: checked per organization {[by_org.get(o.pk, 0) for o in orgs]} (trackers 90 % / 5 % / 5 %)")

    # --- 3. cost --------------------------------------------------------------------------------
    def rate(budgets: str) -> float:
        fresh(args.n)
        carrier.reset(10**9)
        settings.CARRIER_BUDGETS = budgets
        from trackers import budget_claims

        start = time.perf_counter()
        done = 0
        while claims := budget_claims.claim_all(10, args.batch):
            for claim in claims:
                done += refresh_ids(claim.ids, claim.permits).refreshed
        from trackers.tasks import claim_due

        while ids := claim_due(args.batch):
            done += refresh_ids(ids).refreshed
        return done / (time.perf_counter() - start)

    rates: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(2):  # alternating, so drift in the machine's load weighs on both
        rates["off"].append(round(rate("usps=none")))
        rates["on"].append(round(rate("usps=100000000/hour")))
    off, on = max(rates["off"]), max(rates["on"])
    print(
        f"3. refresh throughput, live USPS, one process: budgets off {off:.0f}/s, on {on:.0f}/s, "
        f"ratio on/off {on / off:.2f}"
    )
    print(f"   (each the best of two alternating runs: off {rates['off']}, on {rates['on']})")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE trackers_tracker, events_event CASCADE")
    Organization.objects.filter(pk__in=[o.pk for o in orgs]).delete()
    refresh = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "refresh.py"), "-n", str(args.n)],
        env={
            **os.environ,
            "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/bench_carrier_budget_refresh",
        },
        capture_output=True,
        text=True,
        timeout=1800,
    )
    line = next((x for x in refresh.stdout.splitlines() if x.startswith("project")), refresh.stderr[-300:])
    print(f"   bench/refresh.py, same run (sandbox, N={args.n}): {line.strip()}")
    carrier.shutdown()


if __name__ == "__main__":
    main()
