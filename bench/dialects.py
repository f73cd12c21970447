"""What a dialect's translation costs: each dialect's read endpoints beside the native API's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dialects .venv/bin/python bench/dialects.py

Seeds N trackers of 10 events each (COPY; re-runs reuse them) in one organization, starts the
project under gunicorn on 127.0.0.1 and drives, in interleaved rounds with the same keep-alive
clients: the native detail and list, then each dialect's detail (its own id form or address) and
its list. Prints requests/s, p50 and p95 and each dialect's ratio to the native endpoint. The
baseline is the native API in the same run, so the ratio is the price of the translation (and,
for Packy and Tracktry lists, of the COUNT(*) their page numbers need, and for AfterShip's list, of
its `total`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, Server, bench_database_url, measure, seed_trackers, setup_django


def prepare(count: int) -> dict:
    from accounts import services as accounts
    from accounts.models import ApiKey, Mode
    from trackers.models import Tracker

    org = accounts.get_or_create_organization("bench-dialects", "Bench dialects")
    print(f"seeding {count:,} trackers × 10 events (reused when present) …", flush=True)
    seed_trackers(org, Mode.TEST, count, events_per_tracker=10)
    ApiKey.objects.filter(organization=org).delete()
    key = accounts.create_api_key(org, Mode.TEST, "bench").raw
    tracker = Tracker.objects.get(organization=org, mode=Mode.TEST, tracking_number=f"PKGX-AAAAAAA-{count // 2:07d}")
    return {"key": key, "tracker": tracker}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=20_000, help="trackers in the organization")
    parser.add_argument("--seconds", type=float, default=8.0, help="load time per endpoint, over all rounds")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = bench_database_url("bench_dialects")
    setup_django(url)
    setup = prepare(args.count)
    from django.db import connections

    connections.close_all()  # the client processes are forked: no shared connection
    key, tracker = setup["key"], setup["tracker"]
    bearer = {"Authorization": f"Bearer {key}"}
    rest = tracker.public_id.removeprefix("trk_")
    pair = f"{tracker.courier}/{tracker.tracking_number}"
    cases = [
        ("native detail", f"/api/v1/trackers/{tracker.public_id}", bearer),
        ("easypost detail", f"/easypost/v2/trackers/{tracker.public_id}", bearer),
        ("tracktry detail", f"/tracktry/v1/trackings/{pair}", {"Tracktry-Api-Key": key}),
        ("packy detail", f"/packy/v1/trackings/{tracker.hex_id}", bearer),
        ("packagex detail", f"/packagex/v1/trackers/track_{rest}", {"PX-API-KEY": key}),
        ("aftership detail", f"/tracking/2026-07/trackings/{tracker.hex_id}", {"as-api-key": key}),
        ("native list", "/api/v1/trackers?limit=20", bearer),
        ("easypost list", "/easypost/v2/trackers?page_size=20", bearer),
        ("tracktry list", "/tracktry/v1/trackings/get?limit=20", {"Tracktry-Api-Key": key}),
        ("packy list", "/packy/v1/trackings?limit=20", bearer),
        ("packagex list", "/packagex/v1/trackers?limit=20", {"PX-API-KEY": key}),
        ("aftership list", "/tracking/2026-07/trackings?limit=20", {"as-api-key": key}),
    ]
    with Server(url, workers=args.workers, env={"API_RATE_LIMIT": "100000000/min"}) as server:
        for _name, path, headers in cases:  # warm-up
            measure(server.port, "GET", path, headers=headers, seconds=0.5, clients=2)
        results: dict = {}
        for _round in range(args.rounds):
            for name, path, headers in cases:
                result = measure(
                    server.port, "GET", path, headers=headers, seconds=args.seconds / args.rounds, clients=args.clients
                )
                results[name] = results[name].merge(result) if name in results else result
    print(
        f"\nPostgreSQL, {args.count:,} trackers × 10 events; gunicorn {args.workers} workers (gthread × 2); "
        f"{args.clients} keep-alive clients; {args.seconds:.0f} s per endpoint in {args.rounds} rounds"
    )
    print(HEADER.replace("x bare", "x native"))
    for name, result in results.items():
        baseline = results["native detail"] if "detail" in name else results["native list"]
        print(result.line(name, baseline))


if __name__ == "__main__":
    main()
