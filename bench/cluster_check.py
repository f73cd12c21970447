"""The checks after a cluster run (bench/cluster.py): nothing lost, nothing refreshed twice at once.

Read from the database, the refresh log the bench trigger kept and the receiver's copies: every
tracker in the state the sandbox's timeline says, no overlapping refreshes, no duplicate scan or
backward `tracker.updated`, every webhook event received and logged; then the time to recover
after each kill and the busiest 10 seconds. Prints a report and returns whether it all held.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cluster import Receiver


def check(org, receiver: Receiver, kills: list[dict], started: datetime, drain_seconds: float, args) -> bool:
    from django.db import connection
    from django_q.models import Task

    from carriers import sandbox
    from events.models import Event, EventType
    from trackers.models import Tracker, TrackingEvent
    from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus

    failures: list[str] = []

    # 1. Every tracker in its expected state, each scan once.
    fingerprints: dict[int, list[str]] = defaultdict(list)
    for tracker_id, fp in TrackingEvent.objects.filter(tracker__organization=org).values_list(
        "tracker_id", "fingerprint"
    ):
        fingerprints[tracker_id].append(fp)
    wrong = 0
    trackers = list(Tracker.objects.filter(organization=org))
    for t in trackers:
        expected = sandbox.ADAPTER.track(t.tracking_number, created_at=t.created_at, now=t.created_at + timedelta(1))
        if (
            t.status != expected.status
            or t.status_detail != expected.status_detail
            or t.next_refresh_at is not None
            or sorted(fingerprints[t.pk]) != sorted(e.fingerprint for e in expected.events)
        ):
            wrong += 1
    duplicate_scans = sum(len(fps) - len(set(fps)) for fps in fingerprints.values())
    lost_trackers = args.n - len(trackers)

    # 2. No tracker refreshed by two workers at once.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tracker_id, asked_at, applied_at FROM bench_refresh_log ORDER BY tracker_id, applied_at")
        log = cursor.fetchall()
    overlaps = sum(
        1 for previous, current in itertools.pairwise(log) if previous[0] == current[0] and current[1] < previous[2]
    )
    reports = list(Task.objects.filter(func="trackers.tasks.refresh_batch").values_list("result", flat=True))
    stale = sum((r or {}).get("skipped", 0) for r in reports)
    not_held = sum((r or {}).get("not_held", 0) for r in reports)

    # 3. No backward or repeated update: each tracker.updated carries more scans than the one before.
    backward = 0
    last: dict[str, tuple[int, str]] = {}
    updates = Event.objects.filter(organization=org, type=EventType.TRACKER_UPDATED).order_by("id")
    for subject, data in updates.values_list("subject_id", "data"):
        seen = (len(data.get("events", [])), data.get("status", ""))
        if subject in last and (seen[0] < last[subject][0] or seen == last[subject]):
            backward += 1
        last[subject] = seen
    # 4. Webhooks: every event at least once, the same webhook-id on every copy, every copy logged.
    event_ids = set(Event.objects.filter(organization=org).values_list("public_id", flat=True))
    copies = Counter(event_id for _, event_id, _ in receiver.copies)
    mismatched = sum(1 for header, event_id, _ in receiver.copies if header != event_id)
    undelivered = len(event_ids - set(copies))
    duplicates = sum(n - 1 for n in copies.values())
    logged = Counter(
        DeliveryAttempt.objects.filter(delivery__subscription__organization=org).values_list(
            "delivery__event__public_id", flat=True
        )
    )
    unlogged = sum(max(0, n - logged[event_id]) for event_id, n in copies.items())
    not_succeeded = Delivery.objects.filter(subscription__organization=org).exclude(status=DeliveryStatus.SUCCEEDED)

    # 5. Time to recover after each kill.
    first_refresh_after: dict[tuple[int, int], float] = {}
    by_tracker: dict[int, list[datetime]] = defaultdict(list)
    for tracker_id, _, applied in log:
        by_tracker[tracker_id].append(applied)
    sent_at = dict(
        Delivery.objects.filter(subscription__organization=org, status=DeliveryStatus.SUCCEEDED).values_list(
            "pk", "updated_at"
        )
    )
    recoveries = []
    for i, kill in enumerate(kills):
        waits = []
        for pk in kill["trackers"]:
            after = [a for a in by_tracker.get(pk, []) if a > kill["at"]]
            if after:
                first_refresh_after[(i, pk)] = (min(after) - kill["at"]).total_seconds()
                waits.append(first_refresh_after[(i, pk)])
        delivery_waits = [
            (sent_at[pk] - kill["at"]).total_seconds()
            for pk in kill["deliveries"]
            if sent_at.get(pk, started) > kill["at"]
        ]
        recoveries.append((max(waits, default=0.0), max(delivery_waits, default=0.0)))

    print(f"  drained in {drain_seconds:.0f} s after {len(kills)} kills")
    print(f"  trackers: {len(trackers):,}/{args.n:,} present, {wrong} not in their expected state")
    print(f"  refreshes applied: {len(log):,}; two workers at once: {overlaps}; older answers dropped: {stale}")
    print(f"  trackers skipped by late tasks (claimed again since): {not_held}")
    print(f"  duplicate scans: {duplicate_scans}; backward or repeated tracker.updated: {backward}")
    print(
        f"  webhooks: {len(event_ids):,} events, {len(receiver.copies):,} copies received, {undelivered} never "
        f"received, {duplicates} duplicate copies, {mismatched} with another webhook-id, {unlogged} copies not "
        f"in the attempt log, {not_succeeded.count()} deliveries not succeeded"
    )
    tracker_rec = sorted(r[0] for r in recoveries)
    delivery_rec = sorted(r[1] for r in recoveries)
    print(
        "  time to recover after a kill (claimed trackers refreshed / claimed deliveries sent): "
        f"median {tracker_rec[len(tracker_rec) // 2]:.0f} s / {delivery_rec[len(delivery_rec) // 2]:.0f} s, "
        f"max {tracker_rec[-1]:.0f} s / {delivery_rec[-1]:.0f} s"
    )
    # The busiest 10 s of the run: what the two clusters can apply when work is waiting.
    times = sorted(applied.timestamp() for _, _, applied in log)
    peak, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - 10:
            j += 1
        peak = max(peak, i - j + 1)
    print(f"  refreshes applied: {len(log) / drain_seconds:.0f}/s over the run, {peak / 10:.0f}/s in its busiest 10 s")

    if lost_trackers or wrong:
        failures.append(f"{lost_trackers + wrong} trackers lost or wrong")
    if overlaps:
        failures.append(f"{overlaps} double refreshes")
    if duplicate_scans or backward:
        failures.append("duplicate or backward events")
    if undelivered or mismatched or unlogged or not_succeeded.exists():
        failures.append("webhook loss")
    if len(kills) < args.kills:
        failures.append("fewer kills than asked")
    print(f"  RESULT: {'FAIL: ' + '; '.join(failures) if failures else 'ok, 0 lost, 0 double refreshes'}")
    return not failures
