"""Closing a tracker by hand with a final status, and reactivating an inactive one."""

from __future__ import annotations

import pytest

from carriers.statuses import Detail, Status
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import TrackerFactory
from trackers import services
from trackers.models import Tracker

pytestmark = pytest.mark.django_db


def test_completing_sets_the_final_status_stops_refreshing_and_tells_listeners(acme):
    tracker = TrackerFactory(organization=acme, status=Status.IN_TRANSIT, status_detail=Detail.DEPARTED_FACILITY)
    done = services.complete_tracker(tracker, Status.DELIVERED, Detail.DELIVERED)
    stored = Tracker.objects.get(pk=tracker.pk)
    assert (stored.status, stored.status_detail, stored.active) == ("delivered", "delivered", False)
    assert stored.next_refresh_at is None and stored.delivered_at is not None and done.pk == tracker.pk
    event = Event.objects.get(type=EventType.TRACKER_UPDATED, subject_id=tracker.public_id)
    assert event.previous_attributes == {"status": "in_transit", "status_detail": "departed_facility", "active": True}
    assert event.data["status"] == "delivered" and event.data["active"] is False


def test_a_lost_parcel_keeps_no_delivery_time(acme):
    tracker = services.complete_tracker(TrackerFactory(organization=acme), Status.FAILURE, Detail.PACKAGE_LOST)
    assert tracker.delivered_at is None and tracker.status_detail == "package_lost"


def test_reactivating_makes_an_inactive_tracker_due_and_refuses_an_active_one(acme):
    tracker = services.complete_tracker(TrackerFactory(organization=acme), Status.FAILURE, Detail.PACKAGE_LOST)
    again = services.reactivate_tracker(tracker)
    assert again.active and again.next_refresh_at is not None
    assert Event.objects.filter(type=EventType.TRACKER_UPDATED).count() == 2
    with pytest.raises(ServiceError) as refused:
        services.reactivate_tracker(again)
    assert refused.value.code == "tracker_active"


def test_a_deleted_tracker_is_not_found(acme):
    tracker = TrackerFactory(organization=acme)
    services.delete_tracker(tracker)
    for call in (
        lambda: services.complete_tracker(tracker, Status.DELIVERED, Detail.DELIVERED),
        lambda: services.reactivate_tracker(tracker),
    ):
        with pytest.raises(ServiceError) as missing:
            call()
        assert missing.value.status == 404
