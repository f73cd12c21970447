"""Claiming due trackers: batches, leases, and no tracker claimed twice at once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, connections
from django_q.models import Schedule

from tests.factories import TrackerFactory
from trackers import tasks
from trackers.models import Tracker
from trackers.schedule import SCHEDULE_NAME, TALLY_SCHEDULE_NAME, ensure_schedules

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_the_schedule_exists_after_migrate_and_is_idempotent(db):
    assert Schedule.objects.filter(name=SCHEDULE_NAME, func="trackers.tasks.enqueue_due").count() == 1
    assert Schedule.objects.filter(name=TALLY_SCHEDULE_NAME, func="trackers.tally.compact").count() == 1
    ensure_schedules()
    ensure_schedules()
    assert Schedule.objects.filter(name=SCHEDULE_NAME).count() == 1
    assert Schedule.objects.filter(name=TALLY_SCHEDULE_NAME).count() == 1


def test_claim_takes_due_active_trackers_and_leases_them(acme, settings):
    settings.REFRESH_CLAIM_SECONDS = 600
    with time_machine.travel(T0, tick=False):
        due = TrackerFactory.create_batch(3, organization=acme, next_refresh_at=T0 - timedelta(minutes=1))
        TrackerFactory(organization=acme, next_refresh_at=T0 + timedelta(minutes=5))  # not yet
        TrackerFactory(organization=acme, next_refresh_at=None)  # never
        TrackerFactory(organization=acme, next_refresh_at=T0, active=False)  # inactive
        claimed = tasks.claim_due(limit=10)
        assert sorted(claimed) == sorted(t.pk for t in due)
        assert tasks.claim_due(limit=10) == []  # leased
        leased = Tracker.objects.get(pk=due[0].pk).next_refresh_at
        assert leased == T0 + timedelta(minutes=10)
    # A worker that died: after the lease, its trackers are due again.
    with time_machine.travel(T0 + timedelta(minutes=11), tick=False):
        assert {t.pk for t in due} <= set(tasks.claim_due(limit=10))


def test_claim_respects_the_batch_size(acme):
    TrackerFactory.create_batch(5, organization=acme, next_refresh_at=T0)
    with time_machine.travel(T0 + timedelta(seconds=1), tick=False):
        first, second, third = tasks.claim_due(limit=2), tasks.claim_due(limit=2), tasks.claim_due(limit=2)
    assert (len(first), len(second), len(third)) == (2, 2, 1)
    assert len(set(first) | set(second) | set(third)) == 5


def test_enqueue_due_refreshes_everything_due(acme, settings):
    settings.REFRESH_BATCH_SIZE = 4
    with time_machine.travel(T0, tick=False) as clock:
        TrackerFactory.create_batch(10, organization=acme, next_refresh_at=T0)
        clock.shift(1)
        batches = tasks.enqueue_due()  # tasks run inline in tests (sync)
    assert batches == 3
    assert not Tracker.objects.filter(status="unknown").exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_never_share_a_tracker():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED concurrency needs PostgreSQL; SQLite serializes claims (IMMEDIATE transactions)")
    TrackerFactory.create_batch(400, next_refresh_at=T0)
    results: dict[int, list[int]] = {}
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            got: list[int] = []
            while ids := tasks.claim_due(limit=25, now=T0 + timedelta(seconds=1)):
                got.extend(ids)
            results[n] = got
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [pk for ids in results.values() for pk in ids]
    assert len(claimed) == 400
    assert len(set(claimed)) == 400  # nobody got a tracker twice
    assert sum(1 for ids in results.values() if ids) >= 2  # and the work was actually shared


def test_a_late_task_refreshes_only_what_its_claim_still_holds(acme, settings):
    """An orphaned or late task does not refresh trackers claimed again since."""
    settings.REFRESH_CLAIM_SECONDS = 600
    with time_machine.travel(T0, tick=False) as clock:
        trackers = TrackerFactory.create_batch(3, organization=acme, next_refresh_at=T0 - timedelta(minutes=1))
        ids, lease = tasks.claim_batch(limit=10)
        assert sorted(ids) == sorted(t.pk for t in trackers)
        clock.shift(601)  # the worker died; its lease ran out and another claim took two of them back
        taken = tasks.claim_due(limit=2)
        assert len(taken) == 2
        report = tasks.refresh_batch(ids, lease)  # the orphan runs at last
        (left,) = set(ids) - set(taken)
    assert (report["refreshed"], report["not_held"]) == (1, 2)
    refreshed = Tracker.objects.exclude(last_refreshed_at=None).values_list("pk", flat=True)
    assert list(refreshed) == [left]


def test_a_task_within_its_lease_refreshes_its_whole_claim(acme):
    with time_machine.travel(T0, tick=False):
        TrackerFactory.create_batch(4, organization=acme, next_refresh_at=T0)
        ids, lease = tasks.claim_batch(limit=10)
        report = tasks.refresh_batch(ids, lease)
    assert (report["refreshed"], report["not_held"]) == (4, 0)
