"""Native API speed under gunicorn on PostgreSQL, beside a bare Django JSON view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api .venv/bin/python bench/api.py

Seeds 100,000 trackers of 10 events each (COPY; once, re-runs reuse them) in one organization and
1,000 in another (`--big 1000000 --big-events 1` seeds a million in the first, one event each:
use a database of its own, e.g. .../bench_api_1m, as later runs reuse whatever is there), starts
the project under gunicorn on 127.0.0.1 (DEBUG off, the rate limit raised
out of the way but still checked on every request) and drives each endpoint with the same
keep-alive client processes for the same time, in interleaved rounds:
  bare       GET /bench/bare: a JsonResponse through the same middleware, no auth, no query
  detail     GET /api/v1/trackers/{id}: a tracker and its 10 events
  list big   GET /api/v1/trackers (first page of 20) with 100,000 (--big) trackers in the org and mode
  list 1k    the same with 1,000 trackers
  create     POST /api/v1/trackers: one new sandbox tracker per request (test mode)
Prints requests/s, p50 and p95 per endpoint and the ratios. Targets: detail >= 0.6 x
bare; list >= 0.3 x bare; list p95 at 1,000,000 within 1.2 x list p95 at 1,000.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, Server, bench_database_url, measure, seed_trackers, setup_django

SMALL = 1_000


def prepare(big: int, big_events: int) -> dict:
    """Organizations, their trackers and fresh test keys; returns what the load needs."""
    from accounts import services as accounts
    from accounts.models import ApiKey, Mode
    from trackers.models import Tracker

    orgs = {
        name: accounts.get_or_create_organization(f"bench-api-{name}", f"Bench API {name}")
        for name in ("big", "small", "writes")
    }
    print(f"seeding {big:,} × {big_events} + {SMALL:,} × 10 trackers × events (reused when present) …", flush=True)
    seed_trackers(orgs["big"], Mode.TEST, big, events_per_tracker=big_events)
    seed_trackers(orgs["small"], Mode.TEST, SMALL, events_per_tracker=10)
    ApiKey.objects.filter(organization__in=orgs.values()).delete()
    keys = {name: accounts.create_api_key(org, Mode.TEST, "bench").raw for name, org in orgs.items()}
    detail = Tracker.objects.get(
        organization=orgs["big"], mode=Mode.TEST, tracking_number=f"PKGX-AAAAAAA-{big // 2:07d}"
    )
    return {"keys": keys, "detail_id": detail.public_id}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="load time per endpoint, over all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds over the endpoints")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes (<= 9)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (gthread, 2 threads each)")
    parser.add_argument("--big", type=int, default=100_000, help="trackers in the large organization")
    parser.add_argument("--big-events", type=int, default=10, help="events per tracker in the large organization")
    parser.add_argument("--seed-only", action="store_true", help="seed the database, measure nothing")
    args = parser.parse_args()

    url = bench_database_url("bench_api")
    setup_django(url)
    setup = prepare(args.big, args.big_events)
    if args.seed_only:
        return
    from django.db import connections

    connections.close_all()  # the client processes are forked: no shared connection

    def auth(name: str) -> dict:
        return {"Authorization": f"Bearer {setup['keys'][name]}"}

    big_name = f"list {args.big // 1000:,}k"
    tag = "".join(random.choices(string.ascii_uppercase, k=7))
    cases = [
        ("bare", "GET", "/bench/bare", {}, "", 200),
        ("detail", "GET", f"/api/v1/trackers/{setup['detail_id']}", auth("big"), "", 200),
        (big_name, "GET", "/api/v1/trackers", auth("big"), "", 200),
        ("list 1k", "GET", "/api/v1/trackers", auth("small"), "", 200),
        ("create", "POST", "/api/v1/trackers", auth("writes"), f'{{"tracking_number": "PKGX-{tag}-{{n}}"}}', 201),
    ]
    with Server(url, workers=args.workers, env={"API_RATE_LIMIT": "100000000/min"}) as server:
        for _name, method, path, headers, body, expect in cases:  # warm-up: connections, imports, caches
            measure(server.port, method, path, headers=headers, body_template=body, seconds=1, clients=2, expect=expect)
        # Interleaved rounds: outside load on a shared machine falls on every endpoint alike.
        results: dict = {}
        for _round in range(args.rounds):
            for name, method, path, headers, body, expect in cases:
                result = measure(
                    server.port,
                    method,
                    path,
                    headers=headers,
                    body_template=body,
                    seconds=args.seconds / args.rounds,
                    clients=args.clients,
                    expect=expect,
                )
                results[name] = results[name].merge(result) if name in results else result
    bare = results["bare"]
    print(
        f"\nPostgreSQL, {args.big:,} trackers × {args.big_events} events; "
        f"gunicorn {args.workers} workers (gthread × 2); {args.clients} keep-alive client processes; "
        f"{args.seconds:.0f} s per endpoint in {args.rounds} rounds"
    )
    print(HEADER)
    for name, result in results.items():
        print(result.line(name, bare))
    detail_ratio = results["detail"].rps / bare.rps
    list_rate = results[big_name].rps / bare.rps
    list_ratio = results[big_name].p95 / results["list 1k"].p95
    verdict = {True: "OK", False: "MISSED"}
    print(f"\ndetail / bare (req/s):       {detail_ratio:.2f}  target >= 0.6  {verdict[detail_ratio >= 0.6]}")
    print(f"{big_name} / bare (req/s): {list_rate:.2f}  target >= 0.3  {verdict[list_rate >= 0.3]}")
    print(f"list p95, {args.big:,} / 1,000: {list_ratio:.2f}  target <= 1.2 at 1,000,000  {verdict[list_ratio <= 1.2]}")
    print(f"create / bare (req/s):       {results['create'].rps / bare.rps:.2f}")


if __name__ == "__main__":
    main()
