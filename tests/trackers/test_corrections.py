"""Correcting a tracker's courier: the old scans are kept superseded, the new courier is asked, the
change is announced with the old courier, deduplication stays consistent and changes are limited.
Retrack: a stopped tracker resumes, one still refreshing is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Mode
from carriers.statuses import Detail, Status
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers import services
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import refresh_trackers

pytestmark = pytest.mark.django_db

LIVE_NUMBER = "1Z999AA10123456784"  # a UPS number with a valid check digit


def delivered_sandbox(acme, courier: str = "usps") -> Tracker:
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", courier, refresh=True).tracker
    tracker.refresh_from_db()
    assert tracker.status == Status.DELIVERED and tracker.events.count() >= 4
    return tracker


def test_a_change_supersedes_the_old_events_and_asks_the_new_courier(
    acme, sandbox_instant, django_capture_on_commit_callbacks
):
    tracker = delivered_sandbox(acme)
    old_events = tracker.events.count()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        changed = services.update_tracker(tracker, {"courier": "ups"})
    assert len(queued) >= 1  # the refresh with the new courier was queued on commit
    # The test mode's sandbox answers whatever courier a tracker names: its timeline comes again.
    tracker.refresh_from_db()
    assert changed.courier == "ups" and tracker.courier == "ups" and tracker.courier_changes == 1
    assert tracker.status == Status.DELIVERED
    superseded = TrackingEvent.history.filter(tracker=tracker, superseded_at__isnull=False)
    assert superseded.count() == old_events and {e.courier for e in superseded} == {"usps"}
    assert {e.courier for e in tracker.events.all()} == {"ups"} and tracker.events.count() == old_events
    updates = Event.objects.filter(type=EventType.TRACKER_UPDATED, subject_id=tracker.public_id).order_by("id")
    [first] = [e for e in updates if "courier" in e.previous_attributes]  # then the new courier's refresh
    assert first.previous_attributes["courier"] == "usps"
    assert first.previous_attributes["status"] == "delivered"
    assert first.data["courier"] == "ups" and first.data["status"] == "unknown" and first.data["events"] == []


def test_superseded_events_drive_nothing(acme, sandbox_instant):
    tracker = delivered_sandbox(acme)
    changed = services.update_tracker(tracker, {"courier": "fedex"})
    assert (changed.status, changed.status_detail, changed.delivered_at, changed.last_event_at) == (
        Status.UNKNOWN,
        "",
        None,
        None,
    )
    assert changed.active and changed.next_refresh_at is not None and not changed.events.exists()
    assert TrackingEvent.history.filter(tracker=tracker).count() > 0


def test_an_answer_asked_of_the_old_courier_is_dropped(acme, sandbox_instant):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000002", "usps").tracker
    in_flight = Tracker.objects.get(pk=tracker.pk)  # read by a refresh before the change
    services.update_tracker(tracker, {"courier": "ups"})
    report = refresh_trackers([in_flight])
    assert report.skipped == 1 and not TrackingEvent.history.filter(tracker=tracker).exists()


def test_the_same_courier_changes_nothing(acme):
    tracker = TrackerFactory(organization=acme, courier="usps")
    services.update_tracker(tracker, {"courier": "USPS"})
    tracker.refresh_from_db()
    assert tracker.courier_changes == 0 and not Event.objects.exists()


def test_a_refused_courier_changes_nothing_else(acme):
    tracker = TrackerFactory(organization=acme, courier="usps")
    for courier, code in (("nope", "unknown_courier"), (7, "invalid_courier"), ("", "invalid_courier")):
        with pytest.raises(ServiceError) as refused:
            services.update_tracker(tracker, {"courier": courier, "title": "not saved"})
        assert refused.value.code == code and refused.value.status == 400
    tracker.refresh_from_db()
    assert tracker.courier == "usps" and tracker.title == ""


def test_live_mode_refuses_the_sandbox_courier(acme):
    tracker = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number=LIVE_NUMBER, courier="usps")
    with pytest.raises(ServiceError) as refused:
        services.update_tracker(tracker, {"courier": "sandbox"})
    assert refused.value.code == "sandbox_courier_in_live_mode"


def test_changes_are_limited_by_the_setting(acme, settings):
    settings.CARRIER_CHANGE_LIMIT = 2
    tracker = TrackerFactory(organization=acme, courier="usps")
    services.update_tracker(tracker, {"courier": "ups"})
    services.update_tracker(tracker, {"courier": "fedex"})
    with pytest.raises(ServiceError) as refused:
        services.update_tracker(tracker, {"courier": "dhl", "title": "not saved"})
    assert refused.value.code == "carrier_change_limit" and refused.value.status == 409
    assert refused.value.errors[0].field == "courier"
    tracker.refresh_from_db()
    assert (tracker.courier, tracker.courier_changes, tracker.title) == ("fedex", 2, "")


def test_a_number_already_tracked_with_that_courier_is_refused(acme, globex):
    mine = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number=LIVE_NUMBER, courier="usps")
    twin = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number=LIVE_NUMBER, courier="ups")
    with pytest.raises(ServiceError) as refused:
        services.update_tracker(mine, {"courier": "ups"})
    assert refused.value.code == "tracker_exists" and refused.value.status == 409
    assert twin.public_id in refused.value.message
    # Another organization's tracker, or one gone quiet past the deduplication window, is no twin.
    TrackerFactory(organization=globex, mode=Mode.LIVE, tracking_number=LIVE_NUMBER, courier="fedex")
    assert services.update_tracker(mine, {"courier": "fedex"}).courier == "fedex"
    Tracker.objects.filter(pk=twin.pk).update(active=False, created_at=timezone.now() - timedelta(days=400))
    assert services.update_tracker(mine, {"courier": "ups"}).courier == "ups"


def test_changing_back_keeps_every_earlier_scan(acme):
    tracker = TrackerFactory(organization=acme, courier="usps")
    TrackingEventFactory(tracker=tracker, courier="usps", fingerprint="a" * 40)
    services.update_tracker(tracker, {"courier": "ups"})
    TrackingEventFactory(tracker=tracker, courier="ups", fingerprint="a" * 40)  # the same scan again
    services.update_tracker(tracker, {"courier": "usps"})
    history = TrackingEvent.history.filter(tracker=tracker)
    assert history.count() == 2 and all(e.superseded_at for e in history)
    assert len({e.fingerprint for e in history}) == 2


# --- retrack ---------------------------------------------------------------------------------------


def test_retrack_resumes_an_expired_tracker(acme):
    tracker = TrackerFactory(
        organization=acme, active=False, next_refresh_at=None, status_detail=Detail.EXPIRED, staleness_reason="expired"
    )
    again = services.reactivate_tracker(tracker)
    assert again.active and again.next_refresh_at is not None and again.staleness_reason == ""
    event = Event.objects.get(type=EventType.TRACKER_UPDATED)
    assert event.previous_attributes == {"active": False, "staleness_reason": "expired"}


def test_retrack_resumes_a_completed_tracker(acme):
    tracker = TrackerFactory(organization=acme, status=Status.DELIVERED, next_refresh_at=None)
    again = services.reactivate_tracker(tracker)
    assert again.active and again.next_refresh_at is not None
    assert Event.objects.get(type=EventType.TRACKER_UPDATED).previous_attributes == {"next_check_at": None}


def test_retrack_refuses_a_tracker_still_refreshing(acme):
    tracker = TrackerFactory(organization=acme, status=Status.IN_TRANSIT)
    with pytest.raises(ServiceError) as refused:
        services.reactivate_tracker(tracker)
    assert refused.value.code == "tracker_active" and not Event.objects.exists()
