"""Refresh throughput: N sandbox trackers through the real refresh path, beside plain bulk writes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_refresh .venv/bin/python bench/refresh.py [-n 10000]

The project's path is what the scheduler runs: claim due trackers in batches (SKIP LOCKED), ask the
sandbox carrier, upsert events by fingerprint, recompute status and cadence, write webhook events.
The baseline writes the same rows (events, tracker updates, webhook events) with the same bulk
write primitives (core/bulk.py: COPY for events and outbox rows, UPDATE … FROM unnest for
trackers), from data prepared before the clock starts: the ratio is the cost of everything but
the writes. Prints both rates, the ratio and the memory the
refresh phase added (flat as N grows: the work is done in batches).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # for bench/common.py, after the project
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="trackers per phase")
    parser.add_argument("--batch", type=int, default=200, help="trackers per refresh batch")
    args = parser.parse_args()
    from common import bench_database_url, setup_django

    setup_django(bench_database_url("bench_refresh"))  # refuses any database not named *bench*
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Mode
    from accounts.services import get_or_create_organization
    from core.bulk import bulk_update, insert_ignoring_conflicts, insert_with_ids
    from core.ids import new_public_id
    from events.models import Event
    from trackers.couriers.sandbox import timeline
    from trackers.models import Tracker, TrackingEvent, new_public_token
    from trackers.refresh import SAVED_FIELDS
    from trackers.representation import tracker_dict
    from trackers.tasks import claim_due, refresh_ids

    org = get_or_create_organization("bench")
    Tracker.objects.all().delete()
    Event.objects.all().delete()

    def seed(prefix: str, n: int) -> None:
        """N test-mode sandbox trackers created 10 minutes ago, due now (not timed)."""
        created = timezone.now() - timedelta(minutes=10)
        for start in range(0, n, 2000):  # in chunks, so seeding does not set the memory high-water mark
            Tracker.objects.bulk_create(
                [
                    Tracker(
                        public_id=new_public_id("trk"),
                        public_token=new_public_token(),
                        organization=org,
                        mode=Mode.TEST,
                        tracking_number=f"PKGX-{prefix}-{i:07d}",
                        courier="sandbox",
                        next_refresh_at=created,
                        created_at=created,
                        updated_at=created,
                    )
                    for i in range(start, min(start + 2000, n))
                ]
            )

    print(f"database: {connection.vendor}, N={args.n}, batch={args.batch}")

    # --- the project: the scheduler's real path ---
    seed("AAAAAAA", args.n)
    rss_before = rss_mb()
    start = time.perf_counter()
    while ids := claim_due(args.batch):
        refresh_ids(ids)
    project_seconds = time.perf_counter() - start
    rss_added, rss_after_refresh = rss_mb() - rss_before, rss_mb()
    events = TrackingEvent.objects.count()
    assert not Tracker.objects.filter(status="unknown").exists(), "every tracker should have moved"

    # --- the baseline: the same rows with plain bulk writes, prepared in advance ---
    Tracker.objects.all().delete()
    Event.objects.all().delete()
    seed("AAAAAAA", args.n)
    now = timezone.now()
    prepared = []
    for tracker in Tracker.objects.order_by("pk").iterator(chunk_size=2000):
        result = timeline(tracker.tracking_number, tracker.created_at, now)
        rows = [
            TrackingEvent(
                tracker=tracker,
                occurred_at=e.occurred_at,
                time_zone=e.time_zone,
                status=e.status,
                status_detail=e.status_detail,
                message=e.message,
                city=e.city,
                state=e.state,
                postal_code=e.postal_code,
                country=e.country,
                courier="sandbox",
                fingerprint=e.fingerprint,
                raw=e.raw,
            )
            for e in result.events
        ]
        tracker.status, tracker.status_detail = result.status, result.status_detail
        tracker.last_event_at = rows[-1].occurred_at
        tracker.last_refreshed_at = tracker.updated_at = now
        tracker.next_refresh_at = None
        webhook = Event(
            public_id=new_public_id("evt"),
            organization_id=org.pk,
            mode=Mode.TEST,
            type="tracker.updated",
            subject_type="tracker",
            subject_id=tracker.public_id,
            data=tracker_dict(tracker, reversed(rows)),
            previous_attributes={"status": "unknown"},
        )
        prepared.append((tracker, rows, webhook))
    start = time.perf_counter()
    for i in range(0, len(prepared), args.batch):
        chunk = prepared[i : i + args.batch]
        with transaction.atomic():
            insert_ignoring_conflicts(TrackingEvent, [r for _, rows, _ in chunk for r in rows])
            bulk_update(Tracker, [t for t, _, _ in chunk], SAVED_FIELDS)
            insert_with_ids(Event, [w for _, _, w in chunk])  # the outbox's own write primitive
    baseline_seconds = time.perf_counter() - start
    assert TrackingEvent.objects.count() == events, "the baseline must write the same rows"

    project_rate = args.n / project_seconds
    baseline_rate = args.n / baseline_seconds
    print(f"events written per phase:   {events}")
    print(f"project  (refresh path):    {project_rate:9.0f} trackers/s  ({project_seconds:.2f} s)")
    print(f"baseline (plain bulk writes): {baseline_rate:7.0f} trackers/s  ({baseline_seconds:.2f} s)")
    print(f"ratio project/baseline:     {project_rate / baseline_rate:9.2f}")
    print(f"memory: peak RSS {rss_after_refresh:.0f} MB after the refresh phase, which added {rss_added:.1f} MB")
    Tracker.objects.all().delete()
    Event.objects.all().delete()


if __name__ == "__main__":
    main()
