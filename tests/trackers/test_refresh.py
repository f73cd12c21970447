"""The refresh engine: idempotent, batched in constant queries, writing events only on change."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode
from carriers.base import AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.statuses import Detail, Status
from events.models import Event, EventType
from trackers import refresh, services
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import Outcome, apply_outcomes, refresh_trackers

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def travel():
    with time_machine.travel(T0, tick=False) as clock:
        yield clock


def make(org, number="PKGX-DDDDDDD-1234567", mode=Mode.TEST, courier=None):
    return services.create_tracker(org, mode, number, courier).tracker


def test_refreshing_twice_adds_nothing(acme, travel):
    tracker = make(acme)
    travel.shift(300)
    first = refresh_trackers([tracker])
    events = list(TrackingEvent.objects.filter(tracker=tracker).values_list("fingerprint", flat=True))
    updates = Event.objects.filter(type=EventType.TRACKER_UPDATED).count()
    second = refresh_trackers([tracker])
    assert first.events_added == len(events) > 0
    assert second.events_added == 0 and second.changed == 0
    assert list(TrackingEvent.objects.filter(tracker=tracker).values_list("fingerprint", flat=True)) == events
    assert Event.objects.filter(type=EventType.TRACKER_UPDATED).count() == updates


def test_an_update_event_carries_the_tracker_and_previous_attributes(acme, travel):
    tracker = make(acme)
    refresh_trackers([tracker])
    travel.shift(61)
    refresh_trackers([tracker])
    event = Event.objects.filter(type=EventType.TRACKER_UPDATED).order_by("-id").first()
    assert event.subject_id == tracker.public_id
    assert event.data["status"] == Status.IN_TRANSIT
    assert event.previous_attributes["status"] == Status.PRE_TRANSIT
    assert event.previous_attributes["status_detail"] == Detail.LABEL_CREATED
    assert len(event.data["events"]) == 2
    assert event.data["events"][0]["status_detail"] == Detail.ACCEPTED  # newest first


def _statements(queries) -> list[str]:
    """The statements a refresh ran, with bulk INSERT and UPDATE chunks (SQLite's parameter limit) counted once."""
    kinds = [re.sub(r'"s\d+_x\d+"', "", " ".join(q["sql"].split("(")[0].split()[:3])) for q in queries]
    return [k for i, k in enumerate(kinds) if not (k.startswith(("INSERT", "UPDATE")) and i and kinds[i - 1] == k)]


def test_a_batch_refresh_runs_in_bounded_queries(acme, travel, django_assert_max_num_queries):
    small = [make(acme, f"PKGX-AAAAAAA-{i:07d}") for i in range(3)]
    large = [make(acme, f"PKGX-BBBBBBB-{i:07d}") for i in range(60)]
    travel.shift(600)
    with django_assert_max_num_queries(16) as small_ctx:
        refresh_trackers(small)
    # 60 trackers run the same statements as 3: one read of trackers, one of their organizations'
    # refresh lifecycles, one of events, one insert of events (COPY through a staging table on
    # PostgreSQL, chunked by the parameter limit on SQLite), one update, one insert of webhook
    # events; and, as these are delivered, one insert of history, one read of the lanes under lock
    # and one upsert of them (predictions).
    with django_assert_max_num_queries(30) as large_ctx:
        report = refresh_trackers(large)
    assert _statements(large_ctx.captured_queries) == _statements(small_ctx.captured_queries)
    assert len(_statements(large_ctx.captured_queries)) <= 16
    assert report.refreshed == 60 and report.events_added > 300


def test_concurrent_writers_cannot_duplicate_events(acme, travel):
    tracker = make(acme)
    travel.shift(300)
    outcome = refresh.ask_carrier(tracker, datetime.now(UTC))
    # The same carrier answer applied twice (two workers racing) stores each event once.
    apply_outcomes([outcome], datetime.now(UTC))
    apply_outcomes([Outcome(tracker, result=outcome.result)], datetime.now(UTC))
    assert tracker.events.count() == len(outcome.result.events)


@pytest.mark.parametrize(
    ("error", "failures", "detail"),
    [
        (TemporaryFailure("carrier down"), 1, ""),
        (AuthenticationFailure("bad credentials"), 1, ""),
        (RateLimited("slow down", retry_after=7200), 1, ""),
        (NotYetKnown(), 0, Detail.NOT_FOUND_YET),
    ],
)
def test_carrier_errors_are_recorded_and_backed_off(acme, travel, monkeypatch, error, failures, detail):
    tracker = make(acme, "9400111899562537683142", Mode.LIVE, "usps")

    class Failing:
        def track(self, *args, **kwargs):
            raise error

    monkeypatch.setattr(refresh, "uses_sandbox", lambda t: False)
    monkeypatch.setattr(refresh, "get_courier", lambda code: type("C", (), {"adapter": Failing()})())
    report = refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert tracker.refresh_failures == failures
    assert tracker.status == Status.UNKNOWN
    if failures:
        assert report.failed == 1
        assert error.code in tracker.last_error
        expected = max(timedelta(minutes=5), timedelta(seconds=error.retry_after or 0))
        assert tracker.next_refresh_at == T0 + expected
    else:
        assert tracker.status_detail == detail
    # A second failure doubles the wait.
    if failures and not error.retry_after:
        refresh_trackers([tracker])
        tracker.refresh_from_db()
        assert tracker.refresh_failures == 2
        assert tracker.next_refresh_at == T0 + timedelta(minutes=10)


def test_live_tracker_without_adapter_is_kept_unknown_and_says_so(acme, travel):
    tracker = make(acme, "1Z999AA10123456784", Mode.LIVE)
    assert tracker.courier == "ups" and tracker.courier_detected
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert (tracker.status, tracker.status_detail) == (Status.UNKNOWN, Detail.NO_ADAPTER)
    assert tracker.active and tracker.next_refresh_at is not None
    assert "No adapter" in tracker.last_error


def test_trackers_with_no_information_for_30_days_expire(acme, travel):
    tracker = make(acme, "1Z999AA10123456784", Mode.LIVE)
    travel.shift(timedelta(days=31))
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert not tracker.active
    assert tracker.next_refresh_at is None
    assert tracker.status_detail == Detail.EXPIRED


def test_an_adapter_bug_does_not_stop_the_batch(acme, travel, monkeypatch):
    good = make(acme, "PKGX-AAAAAAA-0000001")
    bad = make(acme, "1Z999AA10123456784", Mode.LIVE)

    class Broken:
        def track(self, *args, **kwargs):
            raise ZeroDivisionError

    monkeypatch.setattr(refresh, "get_courier", lambda code: type("C", (), {"adapter": Broken()})())
    report = refresh_trackers([good, bad])
    assert report.refreshed == 2 and report.failed == 1
    assert Tracker.objects.get(pk=good.pk).status == Status.PRE_TRANSIT
    assert "temporary_failure" in Tracker.objects.get(pk=bad.pk).last_error
