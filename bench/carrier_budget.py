"""Carrier budgets under load: never over budget, freshness when the budget allows and when not, cost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_carrier_budget \\
        .venv/bin/python bench/carrier_budget.py [-n 20000] [--seconds 30] [--quick]

Live trackers of a courier answered through 17TRACK, against a local 17TRACK (in this process,
on loopback) shaped like its API: `gettrackinfo` takes up to 40 numbers a call and answers each
one; the carrier counts calls per second and answers 429 beyond its quota, as a rationing carrier
does. Two worker processes (two "clusters": separate processes sharing only the database, as on
two machines) loop over the scheduler's real path: budgeted claims (claim_all), then refresh with
the claim's permits.

1. Budget allows: N/4 trackers due at once, a per-second budget above what the machine can
   refresh: share checked within the claim cadence (a minute) of being due.
2. Budget does not: N trackers due, a budget of --rate calls a second for --seconds: calls over
   budget at the carrier (must be 0), 429s (must be 0), budget use, carrier calls per refreshed
   tracker, and the freshness distribution at the end (checked, reasons, how overdue the rest are,
   the share per tenant).
3. Cost: N/8 trackers refreshed by one process with budgets off, then with an hourly budget far
   above demand (claims reserve, the gate spends the permits, nothing is refused), alternating,
   --rounds times each: the ratio of the best runs is the budget machinery's cost; beside it, the
   share of each run's time spent in the claims.
4. Batching: N/10 trackers refreshed by one process with 17TRACK's 40 numbers a call, then one
   number a call (the same path, a batch of one): carrier calls per refreshed tracker and
   throughput, each way.

`--quick` runs it with N = 2,000 and 10 s. Only 127.0.0.1 is contacted; only the processes this
script started are waited for.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

INFO = "/track/v2.2/gettrackinfo"
PER_CALL = 40  # numbers 17TRACK takes in one call


class Carrier(ThreadingHTTPServer):
    """17TRACK's gettrackinfo: every number known and in transit, answered one item per number."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        from tests.carriers import seventeentrack_documents as doc

        info = doc.tracked(doc.NUMBER)
        # Scans of the last two days and a delivery expected tomorrow, so no tracker expires or ends.
        now = datetime.now(UTC)
        scans = [
            (now - timedelta(hours=3), "Arrived at destination country", "Arrival", "InTransit_Arrival"),
            (now - timedelta(days=1), "Departed from origin country airport", "Departure", "InTransit_Departure"),
            (now - timedelta(days=2), "Picked up by Yanwen", "PickedUp", "InTransit_PickedUp"),
        ]
        events = [
            doc.event(
                words,
                stage,
                sub,
                doc.address("CN", "Shenzhen"),
                (f"{at:%Y-%m-%d}", f"{at:%H:%M:%S}", "+00:00"),
                iso=at.isoformat(),
            )
            for at, words, stage, sub in scans
        ]
        info["track_info"] = doc.track_info(events, "InTransit", "InTransit_Arrival")
        tomorrow = (now + timedelta(days=1)).isoformat()
        info["track_info"]["time_metrics"]["estimated_delivery_date"] = {"from": tomorrow, "to": tomorrow}
        # One item per number; the track_info is serialized once, the number set per item.
        self.item = json.dumps({**info, "number": "{number}"}).replace("{", "{{").replace("}", "}}")
        self.item = self.item.replace("{{number}}", "{number}")
        self.too_many = json.dumps(doc.TOO_MANY).encode()
        self.lock = threading.Lock()
        self.quota = 10**9
        self.counts: Counter[int] = Counter()
        self.numbers = 0  # numbers asked about, in all calls
        self.largest = 0  # most numbers in one call
        self.refused = 0

    def reset(self, quota: int) -> None:
        with self.lock:
            self.quota, self.refused, self.numbers, self.largest = quota, 0, 0, 0
            self.counts.clear()

    def calls(self) -> int:
        return sum(self.counts.values())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # status, headers and body in one write (no delayed-ACK stall per answer)
    server: Carrier

    def _serve(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server, status, body, extra = self.server, 200, b"", {}
        if self.path != INFO:
            status, body = 404, b'{"code": 404, "message": "no route"}'
        else:
            numbers = [item["number"] for item in json.loads(raw)]
            with server.lock:
                second = int(time.time())
                server.counts[second] += 1
                over = server.counts[second] > server.quota
                server.refused += over
                server.numbers += len(numbers)
                server.largest = max(server.largest, len(numbers))
            if over:
                status, body, extra = 429, b'{"code": 429, "message": "quota"}', {"Retry-After": "1"}
            elif len(numbers) > PER_CALL:
                body = server.too_many
            else:
                items = ",".join(server.item.format(number=n) for n in numbers)
                body = ('{"code": 0, "data": {"accepted": [' + items + '], "rejected": []}}').encode()
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


def worker(budgets: str, seconds: float, batch: int, out: multiprocessing.Queue) -> None:
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


def run_clusters(budgets: str, seconds: float, batch: int) -> tuple[int, int]:
    from django.db import connections

    connections.close_all()  # nothing shared over fork
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue = context.Queue()
    procs = [context.Process(target=worker, args=(budgets, seconds, batch, results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    totals = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000, help="live trackers in the budget-bound phase")
    parser.add_argument("--rate", type=int, default=3, help="budget and carrier quota, calls a second (17TRACK's)")
    parser.add_argument("--allow", type=int, default=20, help="calls a second when the budget allows")
    parser.add_argument("--seconds", type=float, default=30, help="length of the budget-bound phase")
    parser.add_argument("--batch", type=int, default=200, help="trackers per claim (REFRESH_BATCH_SIZE)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating off/on runs of the cost phase")
    parser.add_argument("--quick", action="store_true", help="N = 2,000 and 10 s: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.n, args.seconds = 2000, 10
    from common import bench_database_url, setup_django

    carrier = Carrier()
    threading.Thread(target=carrier.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{carrier.server_address[1]}"
    os.environ["SEVENTEENTRACK_API_BASE"], os.environ["SEVENTEENTRACK_API_KEY"] = url, "bench-key"
    setup_django(bench_database_url("bench_carrier_budget"))
    import logging

    logging.getLogger("carriers").setLevel(logging.WARNING)  # one line per carrier call would be the run's cost
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Mode, Organization
    from accounts.services import get_or_create_organization
    from carriers import seventeentrack
    from core.ids import new_public_id
    from trackers import budget_claims
    from trackers.models import CarrierAccount, CarrierWindow, Tracker, new_public_token
    from trackers.tasks import claim_due, refresh_ids

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
                    courier="yanwen",  # no direct adapter: answered through 17TRACK
                    tracking_number=f"UG{i:09d}YW",
                    next_refresh_at=now - timedelta(seconds=i % 60),
                    created_at=now - timedelta(hours=1),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE trackers_tracker")

    def over_budget(rate: int) -> int:
        return sum(max(0, c - rate) for c in carrier.counts.values())

    print(
        f"database: {connection.vendor}; a local 17TRACK ({PER_CALL} numbers a call); N={args.n}; two worker processes"
    )

    # --- 1. budget allows ---------------------------------------------------------------------
    small = max(args.n // 4, 1)
    fresh(small)
    carrier.reset(args.allow)
    started = timezone.now()
    run_clusters(f"17track={args.allow}/second", 60, args.batch)
    within = Tracker.objects.filter(last_refreshed_at__lte=started + timedelta(seconds=60)).count()
    print(
        f"1. budget {args.allow} calls/s allows: {within}/{small} checked within a minute of due "
        f"({100 * within / small:.1f} %); calls {carrier.calls()}, over budget {over_budget(args.allow)}, "
        f"429s {carrier.refused}"
    )

    # --- 2. budget does not ---------------------------------------------------------------------
    fresh(args.n)
    carrier.reset(args.rate)
    t0 = time.time()
    refreshed, _deferred = run_clusters(f"17track={args.rate}/second", args.seconds, args.batch)
    elapsed = time.time() - t0
    calls = carrier.calls()
    checked = Tracker.objects.filter(last_refreshed_at__isnull=False).count()
    now = timezone.now()
    overdue = sorted(
        (now - t).total_seconds()
        for t in Tracker.objects.filter(last_refreshed_at__isnull=True).values_list("next_refresh_at", flat=True)
    )
    reasons = Counter(Tracker.objects.values_list("staleness_reason", flat=True))
    print(
        f"2. budget {args.rate} calls/s for {elapsed:.0f} s: carrier calls {calls}, "
        f"over budget {over_budget(args.rate)}, 429s {carrier.refused}, most numbers in a call {carrier.largest}"
    )
    print(
        f"   budget use {100 * calls / (args.rate * elapsed):.0f} % of {args.rate * elapsed:.0f}; "
        f"refreshed {refreshed}; carrier calls per refreshed tracker {calls / max(refreshed, 1):.3f}"
    )
    if overdue:
        pick = lambda q: overdue[min(len(overdue) - 1, int(q * len(overdue)))]  # noqa: E731
        print(
            f"   freshness: {checked}/{args.n} checked; the rest overdue p50 {pick(0.5):.0f} s, "
            f"p90 {pick(0.9):.0f} s, max {overdue[-1]:.0f} s; reasons {dict(reasons)}"
        )
    by_org = Counter(Tracker.objects.filter(last_refreshed_at__isnull=False).values_list("organization_id", flat=True))
    print(f"   fair share: checked per organization {[by_org.get(o.pk, 0) for o in orgs]} (trackers 90 % / 5 % / 5 %)")

    # --- 3. cost of the budget machinery ----------------------------------------------------------
    def rate(n: int, budgets: str) -> tuple[float, int, float]:
        """Trackers refreshed a second by this process, the carrier calls it took, and the share of
        the time spent claiming."""
        fresh(n)
        carrier.reset(10**9)
        settings.CARRIER_BUDGETS = budgets
        start = time.perf_counter()
        done, claiming = 0, 0.0
        while True:
            began = time.perf_counter()
            claims = budget_claims.claim_all(10, args.batch)
            claiming += time.perf_counter() - began
            if not claims:
                break
            for claim in claims:
                done += refresh_ids(claim.ids, claim.permits).refreshed
        while True:
            began = time.perf_counter()
            ids = claim_due(args.batch)
            claiming += time.perf_counter() - began
            if not ids:
                break
            done += refresh_ids(ids).refreshed
        took = time.perf_counter() - start
        assert done == n, (done, n)
        return done / took, carrier.calls(), claiming / took

    cost_n = max(args.n // 8, 1)
    rates: dict[str, list[float]] = {"off": [], "on": []}
    claims: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(args.rounds):  # alternating, so drift in the machine's load weighs on both
        for name, budget in (("off", "17track=none"), ("on", "17track=100000000/hour")):
            per_second, _calls, claiming = rate(cost_n, budget)
            rates[name].append(round(per_second))
            claims[name].append(round(100 * claiming))
    off, on = max(rates["off"]), max(rates["on"])
    print(
        f"3. refresh throughput, N={cost_n}, one process, best of {args.rounds}: budgets off {off:.0f}/s, "
        f"on {on:.0f}/s, ratio on/off {on / off:.2f} (runs: off {rates['off']}, on {rates['on']})"
    )
    print(f"   share of the time spent claiming, %: off {claims['off']}, on {claims['on']}")

    # --- 4. batching -----------------------------------------------------------------------------
    batch_n = max(args.n // 10, 1)
    batched, batched_calls, _claiming = rate(batch_n, "17track=none")
    try:
        seventeentrack.Adapter.batch_size = 1  # every number its own call: the same path, a batch of one
        single, single_calls, _claiming = rate(batch_n, "17track=none")
    finally:
        seventeentrack.Adapter.batch_size = seventeentrack.BATCH_SIZE
    print(
        f"4. batching, N={batch_n}, budgets off: carrier calls per refreshed tracker "
        f"{batched_calls / batch_n:.3f} with {PER_CALL} a call, {single_calls / batch_n:.3f} one a call; "
        f"throughput {batched:.0f}/s and {single:.0f}/s ({batched / single:.1f}x)"
    )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE trackers_tracker, events_event CASCADE")
    Organization.objects.filter(pk__in=[o.pk for o in orgs]).delete()
    carrier.shutdown()


if __name__ == "__main__":
    main()
