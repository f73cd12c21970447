"""Claiming due trackers: batches, leases, and no tracker claimed twice at once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, connections
from django_q.models import Schedule

from tests.factories import TrackerFactory
from trackers import tasks
from trackers.cadence import lookahead
from trackers.models import Tracker, TrackingEvent
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
            barrier.wait(timeout=120)  # all claim at once
            got = tasks.claim_due(limit=25, now=T0 + timedelta(seconds=1))
            # Everyone holds a first batch before anyone goes on: a thread the scheduler starts
            # late on a busy machine would otherwise find the work already taken.
            barrier.wait(timeout=120)
            while ids := tasks.claim_due(limit=25, now=T0 + timedelta(seconds=1)):
                got.extend(ids)
            results[n] = got
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    claimed = [pk for ids in results.values() for pk in ids]
    assert len(claimed) == 400
    assert len(set(claimed)) == 400  # nobody got a tracker twice
    assert len(results) == 4 and all(results.values())  # and the work was actually shared


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


@pytest.mark.parametrize("fast_paths", [True, False], ids=["fast", "orm"])
@pytest.mark.parametrize(
    ("due_in", "claimed"),
    [
        (-60, True),  # overdue
        (0, True),  # due now
        (20, True),  # due before the coming tick: this tick takes it
        (30, True),  # the look-ahead's edge (REFRESH_LOOKAHEAD_SECONDS)
        (31, False),  # the next tick's
        (300, False),
    ],
)
def test_a_claim_takes_what_falls_due_before_the_coming_tick(acme, settings, fast_paths, due_in, claimed):
    """The claim's look-ahead, the same through the fast path and the ORM (FAST_PATHS=0)."""
    settings.FAST_PATHS, settings.REFRESH_LOOKAHEAD_SECONDS, settings.SANDBOX_STEP_SECONDS = fast_paths, 30, 60
    tracker = TrackerFactory(organization=acme, next_refresh_at=T0 + timedelta(seconds=due_in))
    assert (tasks.claim_due(limit=10, now=T0) == [tracker.pk]) is claimed


def test_the_look_ahead_is_at_most_half_a_sandbox_step(settings):
    settings.REFRESH_LOOKAHEAD_SECONDS, settings.SANDBOX_STEP_SECONDS = 30, 20
    assert lookahead() == timedelta(seconds=10)


@pytest.mark.parametrize("fast_paths", [True, False], ids=["fast", "orm"])
def test_a_sandbox_tracker_moves_at_every_minute_tick(acme, settings, fast_paths):
    """Ticks a little late (as the scheduler runs them) and a refresh landing after its tick: each
    tick still takes the tracker and it gains one step a minute, not one every other minute."""
    settings.FAST_PATHS = fast_paths
    with time_machine.travel(T0, tick=False) as clock:
        tracker = TrackerFactory(organization=acme, tracking_number="PKGX-AAAAAAA-0000042", next_refresh_at=T0)
        Tracker.objects.filter(pk=tracker.pk).update(created_at=T0)
        tasks.enqueue_due()  # the first look, at creation
        steps = []
        for tick, late in enumerate((3, 12, 1, 20, 5), start=1):
            clock.move_to(T0 + timedelta(seconds=60 * tick + late))
            assert tasks.enqueue_due() == 1, f"tick {tick} skipped the tracker"
            steps.append(TrackingEvent.objects.filter(tracker=tracker).count())
    assert steps == sorted(steps) and len(set(steps)) == len(steps)  # a new scan at every tick
