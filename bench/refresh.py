"""Refresh throughput: N sandbox trackers through the real refresh path, beside plain bulk writes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_refresh .venv/bin/python bench/refresh.py [-n 10000]

The project's path is what the scheduler runs: claim due trackers in batches (SKIP LOCKED), ask the
sandbox carrier, upsert events by fingerprint, recompute status and cadence, write webhook events.
The baseline writes the same rows (events, tracker updates, webhook events) with the same bulk
write primitives (core/fast/bulk.py: COPY for events and outbox rows, UPDATE … FROM unnest for
trackers), from data prepared before the clock starts: the ratio is the cost of everything but
the writes. Prints both rates, the ratio and the memory the
refresh phase added (flat as N grows: the work is done in batches).

Each phase starts from the same state: the tables truncated (an earlier run's dead rows and index
bloat would otherwise weigh on whichever phase comes first; the delivery history and its lanes
too), the history of --history delivered trackers with their events (a live system's events table
is never empty, and an empty one that fills during the run makes PostgreSQL scan it whole for each
batch), then the due trackers, and VACUUM ANALYZE, as autovacuum would have done by then. Before
both, one untimed batch warms the process (its modules, the holiday tables a first delivery
loads), as a long-running worker is.
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


def cpu_seconds(backend_pid: int) -> tuple[float, float | None]:
    """(CPU seconds of this process, of its database backend when /proc on this machine shows it).

    On a shared, loaded machine the wall-clock rates swing with the other work; the CPU each phase
    spent (client and server) swings much less, so it is printed beside them.
    """
    times = os.times()
    try:
        fields = Path(f"/proc/{backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        backend = None
    return times.user + times.system, backend


def cpu_line(name: str, before: tuple[float, float | None], after: tuple[float, float | None], n: int) -> str:
    client = after[0] - before[0]
    if before[1] is None or after[1] is None:
        return f"cpu {name}: {client:.2f} s client ({n / client:.0f} trackers per client CPU second)"
    server = after[1] - before[1]
    total = client + server
    rate = n / total
    return f"cpu {name}: {total:.2f} s = {client:.2f} client + {server:.2f} database ({rate:.0f} trackers/CPU s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="trackers per phase")
    parser.add_argument("--batch", type=int, default=200, help="trackers per refresh batch")
    parser.add_argument("--history", type=int, help="delivered trackers already there (default: N)")
    args = parser.parse_args()
    from common import bench_database_url, setup_django

    setup_django(bench_database_url("bench_refresh"))  # refuses any database not named *bench*
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Mode
    from accounts.services import get_or_create_organization
    from carriers.sandbox import timeline
    from core.fast.bulk import bulk_update, insert_ignoring_conflicts, insert_with_ids
    from core.ids import new_public_id
    from events.models import Event
    from predictions.models import DeliveryRecord, FitState, LaneFit
    from trackers.models import Tracker, TrackerTally, TrackingEvent, new_public_token
    from trackers.refresh import SAVED_FIELDS
    from trackers.representation import tracker_dict
    from trackers.tasks import claim_due, refresh_ids

    org = get_or_create_organization("bench")
    history = args.n if args.history is None else args.history
    # The delivery history and its lanes too: each run's deliveries would otherwise add to the next's.
    tables = [m._meta.db_table for m in (Tracker, TrackerTally, Event, DeliveryRecord, LaneFit, FitState)]

    def seed(prefix: str, n: int, *, delivered: bool = False) -> None:
        """N test-mode sandbox trackers created 10 minutes ago and due now, or delivered long ago."""
        now = timezone.now()
        created = now - (timedelta(days=30) if delivered else timedelta(minutes=10))
        for start in range(0, n, 2000):  # in chunks, so seeding does not set the memory high-water mark
            trackers = [
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
            history = [timeline(t.tracking_number, created, now) for t in trackers] if delivered else []
            for tracker, result in zip(trackers, history, strict=False):
                tracker.status, tracker.status_detail = result.status, result.status_detail
                tracker.last_event_at = tracker.delivered_at = result.events[-1].occurred_at
                tracker.active, tracker.next_refresh_at = False, None
            Tracker.objects.bulk_create(trackers)
            insert_ignoring_conflicts(
                TrackingEvent,
                [
                    TrackingEvent(tracker=t, courier="sandbox", fingerprint=e.fingerprint, **_columns(e))
                    for t, result in zip(trackers, history, strict=False)
                    for e in result.events
                ],
            )

    def fresh_start(prefix: str) -> None:
        """Empty tables, the history, N due trackers, fresh statistics (not timed)."""
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        seed("HISTORY", history, delivered=True)
        seed(prefix, args.n)
        with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
            for table in (*tables, TrackingEvent._meta.db_table):
                cursor.execute(f"VACUUM ANALYZE {table}")

    print(f"database: {connection.vendor}, N={args.n}, batch={args.batch}, history={history} delivered trackers")

    # --- warm-up (not timed): one batch through the path, as a long-running worker has done long
    # before; a process's first delivery loads the holiday tables and its first batch the modules.
    seed("WARMUPX", args.batch)
    refresh_ids(claim_due(args.batch))

    # --- the project: the scheduler's real path ---
    fresh_start("AAAAAAA")
    history_events = TrackingEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    rss_before = rss_mb()
    cpu_before = cpu_seconds(backend_pid)
    start = time.perf_counter()
    while ids := claim_due(args.batch):
        refresh_ids(ids)
    project_seconds = time.perf_counter() - start
    project_cpu = cpu_seconds(backend_pid)
    rss_added, rss_after_refresh = rss_mb() - rss_before, rss_mb()
    events = TrackingEvent.objects.count() - history_events
    assert not Tracker.objects.filter(status="unknown").exists(), "every tracker should have moved"

    # --- the baseline: the same rows with plain bulk writes, prepared in advance ---
    fresh_start("AAAAAAA")
    now = timezone.now()
    prepared = []
    for tracker in Tracker.objects.filter(next_refresh_at__isnull=False).order_by("pk").iterator(chunk_size=2000):
        result = timeline(tracker.tracking_number, tracker.created_at, now)
        rows = [
            TrackingEvent(tracker=tracker, courier="sandbox", fingerprint=e.fingerprint, **_columns(e))
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
    baseline_cpu_before = cpu_seconds(backend_pid)
    start = time.perf_counter()
    for i in range(0, len(prepared), args.batch):
        chunk = prepared[i : i + args.batch]
        with transaction.atomic():
            insert_ignoring_conflicts(TrackingEvent, [r for _, rows, _ in chunk for r in rows])
            bulk_update(Tracker, [t for t, _, _ in chunk], SAVED_FIELDS)
            insert_with_ids(Event, [w for _, _, w in chunk])  # the outbox's own write primitive
    baseline_seconds = time.perf_counter() - start
    baseline_cpu = cpu_seconds(backend_pid)
    assert TrackingEvent.objects.count() - history_events == events, "the baseline must write the same rows"

    project_rate = args.n / project_seconds
    baseline_rate = args.n / baseline_seconds
    print(f"events written per phase:   {events}")
    print(f"project  (refresh path):    {project_rate:9.0f} trackers/s  ({project_seconds:.2f} s)")
    print(f"baseline (plain bulk writes): {baseline_rate:7.0f} trackers/s  ({baseline_seconds:.2f} s)")
    print(f"ratio project/baseline:     {project_rate / baseline_rate:9.2f}")
    print(cpu_line("project ", cpu_before, project_cpu, args.n))
    print(cpu_line("baseline", baseline_cpu_before, baseline_cpu, args.n))
    print(f"memory: peak RSS {rss_after_refresh:.0f} MB after the refresh phase, which added {rss_added:.1f} MB")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def _columns(e) -> dict:
    """A sandbox EventData's stored columns."""
    names = (
        "occurred_at",
        "time_zone",
        "status",
        "status_detail",
        "message",
        "city",
        "state",
        "postal_code",
        "country",
    )
    return {**{name: getattr(e, name) for name in names}, "raw": e.raw}


if __name__ == "__main__":
    main()
