"""Overlapping work on one tracker: delete against refresh, and two
refreshes whose carrier answers arrive in the wrong order."""

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connections, transaction

from carriers.statuses import Status
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import refresh, services, tasks
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import apply_outcomes, ask_carrier

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
STEP = timedelta(seconds=60)


def _sandbox_tracker(org, created_at=T0):
    # PKGX-AAAAAAA: label, pickup, facility scans, out for delivery, delivered; one step a minute.
    return TrackerFactory(organization=org, created_at=created_at, updated_at=created_at, next_refresh_at=created_at)


# --- delete against refresh (item 5) ----------------------------------------------------------------


def test_a_refresh_of_a_tracker_deleted_meanwhile_writes_nothing(acme):
    with time_machine.travel(T0 + 10 * STEP, tick=False):
        tracker = _sandbox_tracker(acme, created_at=T0)
        outcome = ask_carrier(tracker, T0 + 10 * STEP)  # the carrier answered ...
        services.delete_tracker(tracker)  # ... and the tracker went away before the answer was applied
        report = apply_outcomes([outcome], T0 + 10 * STEP)
    assert (report.refreshed, report.skipped, report.events_added) == (0, 1, 0)
    assert not Tracker.objects.filter(pk=tracker.pk).exists()
    assert not TrackingEvent.objects.filter(tracker_id=tracker.pk).exists()
    assert not Event.objects.filter(subject_id=tracker.public_id, type=EventType.TRACKER_UPDATED).exists()
    assert Event.objects.filter(subject_id=tracker.public_id, type=EventType.TRACKER_DELETED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_delete_and_refresh_at_once_serialize_on_the_tracker():
    """Both doors at once, on real connections: no error, no orphan row, no event after the delete."""
    org = OrganizationFactory()
    trackers = [_sandbox_tracker(org, created_at=T0) for _ in range(12)]
    errors: list[BaseException] = []
    rng = random.Random()

    def run(work, barrier):
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as exc:  # any failure, even a database error, fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    for tracker in trackers:
        barrier = threading.Barrier(2)
        # Jitter so the delete lands before, during and after the refresh's carrier call and apply.
        delay = rng.random() * 0.004

        def refresh(pk=tracker.pk):
            tasks.refresh_ids([pk])

        def delete(t=tracker, d=delay):
            threading.Event().wait(d)
            services.delete_tracker(t)

        threads = [threading.Thread(target=run, args=(w, barrier)) for w in (refresh, delete)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)

    assert errors == []
    pks = [t.pk for t in trackers]
    assert not Tracker.objects.filter(pk__in=pks).exists()
    assert not TrackingEvent.objects.filter(tracker_id__in=pks).exists()
    for tracker in trackers:
        history = list(Event.objects.filter(subject_id=tracker.public_id).order_by("id").values_list("type", flat=True))
        # Whatever the interleaving: at most one update, and nothing after the deletion.
        assert history[-1] == EventType.TRACKER_DELETED, history
        assert history.count(EventType.TRACKER_DELETED) == 1
        assert history.count(EventType.TRACKER_UPDATED) <= 1


# --- an older refresh committing after a newer one (item 14) ---------------------------------------


def _two_answers(tracker):
    """What the carrier said at two moments: label created, then (later) out for delivery."""
    older = ask_carrier(tracker, T0 + timedelta(seconds=5))
    # Two or three facility scans, depending on the number: find the step that is out for delivery.
    newer = next(
        o
        for o in (
            ask_carrier(Tracker.objects.get(pk=tracker.pk), T0 + n * STEP + timedelta(seconds=5)) for n in range(9)
        )
        if o.result.status == Status.OUT_FOR_DELIVERY
    )
    assert older.result.status == Status.PRE_TRANSIT
    return older, newer


@pytest.mark.parametrize("commit_order", ["older_first", "newer_first"])
def test_an_older_answer_never_replaces_a_newer_one(acme, commit_order):
    tracker = _sandbox_tracker(acme)
    older, newer = _two_answers(tracker)
    apply_at = T0 + 9 * STEP
    order = [older, newer] if commit_order == "older_first" else [newer, older]
    with time_machine.travel(apply_at, tick=False):
        reports = [apply_outcomes([o], apply_at) for o in order]

    tracker.refresh_from_db()
    assert tracker.status == Status.OUT_FOR_DELIVERY
    assert tracker.last_refreshed_at == newer.asked_at
    updates = list(Event.objects.filter(subject_id=tracker.public_id, type=EventType.TRACKER_UPDATED).order_by("id"))
    statuses = [u.data["status"] for u in updates]
    if commit_order == "older_first":
        assert statuses == [Status.PRE_TRANSIT, Status.OUT_FOR_DELIVERY]
    else:
        assert statuses == [Status.OUT_FOR_DELIVERY]  # the late, older answer emits nothing
        assert reports[1].skipped == 1 and reports[1].changed == 0
    # No backward step in any event sent, and the timeline holds the newer answer's scans once.
    assert all(u.previous_attributes.get("status") != Status.OUT_FOR_DELIVERY for u in updates)
    fingerprints = list(TrackingEvent.objects.filter(tracker=tracker).values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints)) == len(newer.result.events)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("commit_order", ["older_first", "newer_first"])
def test_overlapping_refreshes_on_real_connections_keep_the_newer_answer(commit_order):
    """The second refresh waits on the first one's row lock, then compares under that lock."""
    tracker = _sandbox_tracker(OrganizationFactory())
    older, newer = _two_answers(tracker)
    first, second = (older, newer) if commit_order == "older_first" else (newer, older)
    apply_at = T0 + 9 * STEP
    waiting = threading.Event()
    errors: list[BaseException] = []

    def apply_second():
        try:
            waiting.set()
            apply_outcomes([second], apply_at)  # blocks on the row lock held below
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        Tracker.objects.select_for_update().get(pk=tracker.pk)
        thread = threading.Thread(target=apply_second)
        thread.start()
        waiting.wait(5)
        threading.Event().wait(0.2)  # let the second refresh reach the lock
        apply_outcomes([first], apply_at)
    thread.join(30)

    assert errors == []
    tracker.refresh_from_db()
    assert tracker.status == Status.OUT_FOR_DELIVERY
    assert tracker.last_refreshed_at == newer.asked_at
    statuses = list(
        Event.objects.filter(subject_id=tracker.public_id, type=EventType.TRACKER_UPDATED)
        .order_by("id")
        .values_list("data__status", flat=True)
    )
    assert statuses[-1] == Status.OUT_FOR_DELIVERY
    assert statuses == sorted(statuses, key=[Status.PRE_TRANSIT, Status.OUT_FOR_DELIVERY].index)


def test_refresh_now_of_a_tracker_deleted_meanwhile_is_a_404(acme, monkeypatch):
    tracker = _sandbox_tracker(acme, created_at=T0)
    real_ask = refresh.ask_carrier

    def ask_then_the_tracker_is_deleted(t, now):
        outcome = real_ask(t, now)
        services.delete_tracker(Tracker.objects.get(pk=t.pk))
        return outcome

    monkeypatch.setattr(refresh, "ask_carrier", ask_then_the_tracker_is_deleted)
    with pytest.raises(ServiceError) as exc:
        services.refresh_now(tracker)
    assert exc.value.status == 404
    assert not TrackingEvent.objects.filter(tracker_id=tracker.pk).exists()
