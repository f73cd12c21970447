"""Shipments: the update service and the detail API under gunicorn on PostgreSQL, beside a bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_shipments .venv/bin/python bench/shipments.py

Seeds N shipments (default 100,000; COPY, once, re-runs reuse them) in one organization, two of
them with 100 tracking updates, then drives, in interleaved rounds with the same keep-alive
client processes:
  bare     GET /bench/bare: a JsonResponse through the same middleware, no auth, no query
  detail   GET /api/v1/shipments/{id}: a shipment with 100 tracking updates (and its customs, logs)
  update   PATCH /api/v1/shipments/{id}: a status update with a log entry, through update_shipment
           (transition check, one transaction, a tracking update, a log row, shipment.updated),
           answering the detail (newest 100 updates)
Then, in-process, the update service itself against a baseline that writes the same rows with
plain ORM calls in one transaction (no validation, no rules, no event). Prints rates, p95 and ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, Server, _copy, bench_database_url, measure, setup_django

UPDATES = 100
BODY = '{"tracking_update": {"status": "in_transit", "comment": "Scan {n}"}, "log": {"message": "Seen {n}"}}'


def seed(org, mode: str, count: int) -> None:
    """`count` shipments one minute apart (reused when present), and the two measured ones."""
    from django.db import connection, transaction
    from django.utils import timezone

    from shipments.models import Shipment, TrackingUpdate

    have = Shipment.objects.filter(organization=org, mode=mode, reference_number__startswith="B-").count()
    now = timezone.now()
    statuses = ["created", "received", "in_transit", "delivered"]
    for first in range(have, count, 20_000):
        last = min(count, first + 20_000)
        with transaction.atomic():
            _copy(
                Shipment,
                [
                    {
                        "organization_id": org.pk,
                        "mode": mode,
                        "status": statuses[i % len(statuses)],
                        "reference_number": f"B-{i:07d}",
                        "order_number": f"#{i}",
                        "tracking_number": f"PKGX-AAAAAAA-{i:07d}",
                        "sender_address": {"country": "US"},
                        "recipient_address": {"country": "US" if i % 10 else "DE"},
                        "created_at": now - timedelta(minutes=i),
                        "updated_at": now - timedelta(minutes=i),
                    }
                    for i in range(first, last)
                ],
            )
        print(f"  seeded {last:,}/{count:,} shipments", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE shipments_shipment")
    for ref in ("B-detail", "B-update"):
        shipment, made = Shipment.objects.get_or_create(
            organization=org, mode=mode, reference_number=ref, defaults={"status": "in_transit"}
        )
        if made:
            TrackingUpdate.objects.bulk_create(
                [
                    TrackingUpdate(shipment=shipment, status="in_transit", comment=f"scan {i}", occurred_at=now)
                    for i in range(UPDATES)
                ]
            )


def in_process(org, mode: str, shipment_id: str, seconds: float) -> tuple[float, float]:
    """(service updates/s, baseline updates/s) for the same status update with a log entry."""
    from django.db import transaction
    from django.utils import timezone

    from shipments import services
    from shipments.models import Shipment, ShipmentLog, TrackingUpdate

    def rate(step) -> float:
        n, deadline, t0 = 0, time.perf_counter() + seconds, time.perf_counter()
        while time.perf_counter() < deadline:
            step(n)
            n += 1
        return n / (time.perf_counter() - t0)

    def service(n: int) -> None:
        services.update_shipment(
            org,
            mode,
            shipment_id,
            {"tracking_update": {"status": "in_transit", "comment": f"Scan {n}"}, "log": {"message": f"Seen {n}"}},
        )

    def baseline(n: int) -> None:
        with transaction.atomic():
            shipment = Shipment.objects.select_for_update().get(public_id=shipment_id)
            now = timezone.now()
            shipment.updated_at = now
            shipment.save(update_fields=["updated_at"])
            TrackingUpdate.objects.create(
                shipment=shipment, status="in_transit", previous_status="in_transit", comment=f"Scan {n}"
            )
            ShipmentLog.objects.create(shipment=shipment, message=f"Seen {n}")

    rates = {"service": 0.0, "baseline": 0.0}
    for _round in range(3):  # interleaved: outside load falls on both alike
        for name, step in (("service", service), ("baseline", baseline)):
            rates[name] += rate(step) / 3
    return rates["service"], rates["baseline"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="shipments to seed")
    parser.add_argument("--seconds", type=float, default=12.0, help="load time per endpoint, over all rounds")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = bench_database_url("bench_shipments")
    setup_django(url)
    from accounts import services as accounts
    from accounts.models import ApiKey, Mode
    from shipments.models import Shipment

    org = accounts.get_or_create_organization("bench-shipments", "Bench shipments")
    started = time.perf_counter()
    print(f"seeding {args.n:,} shipments (reused when present) …", flush=True)
    seed(org, Mode.TEST, args.n)
    print(f"  seeding took {time.perf_counter() - started:.0f} s", flush=True)
    ApiKey.objects.filter(organization=org).delete()
    key = accounts.create_api_key(org, Mode.TEST, "bench").raw
    detail = Shipment.objects.get(organization=org, reference_number="B-detail").public_id
    update = Shipment.objects.get(organization=org, reference_number="B-update").public_id
    total = Shipment.objects.filter(organization=org, mode=Mode.TEST).count()

    service_rate, baseline_rate = in_process(org, Mode.TEST, update, seconds=2.0)
    from django.db import connections

    connections.close_all()  # the client processes are forked: no shared connection
    auth = {"Authorization": f"Bearer {key}"}
    cases = [
        ("bare", "GET", "/bench/bare", {}, ""),
        ("detail", "GET", f"/api/v1/shipments/{detail}", auth, ""),
        ("update", "PATCH", f"/api/v1/shipments/{update}", auth, BODY),
    ]
    results: dict = {}
    with Server(url, workers=args.workers, env={"API_RATE_LIMIT": "100000000/min"}) as server:
        for _name, method, path, headers, body in cases:
            measure(server.port, method, path, headers=headers, body_template=body, seconds=1, clients=2)
        for _round in range(args.rounds):
            for name, method, path, headers, body in cases:
                result = measure(
                    server.port,
                    method,
                    path,
                    headers=headers,
                    body_template=body,
                    seconds=args.seconds / args.rounds,
                    clients=args.clients,
                )
                results[name] = results[name].merge(result) if name in results else result
    bare = results["bare"]
    print(
        f"\nPostgreSQL, {total:,} shipments in the organization; detail with {UPDATES} tracking updates; "
        f"gunicorn {args.workers} workers (gthread × 2); {args.clients} keep-alive clients; "
        f"{args.seconds:.0f} s per endpoint in {args.rounds} rounds"
    )
    print(HEADER)
    for name, result in results.items():
        print(result.line(name, bare))
    print(
        f"\nupdate_shipment in-process: {service_rate:,.0f} updates/s; plain ORM writes of the same rows: "
        f"{baseline_rate:,.0f}/s; ratio {service_rate / baseline_rate:.2f}"
    )


if __name__ == "__main__":
    main()
