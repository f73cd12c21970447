"""End to end in live mode: a USPS tracker refreshed from the local USPS server, twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from accounts.models import Mode
from carriers.statuses import Detail, Status
from tests.httpserver import Canned
from trackers import services
from trackers.models import TrackingEvent
from trackers.refresh import refresh_trackers

from . import documents as doc

TRACK_PATH = f"/tracking/v3/tracking/{doc.USPS_NUMBER}"
NOW = datetime(2026, 2, 27, 15, tzinfo=UTC)


def test_a_live_usps_tracker_is_refreshed_and_stays_idempotent(acme, usps_live):
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add(
        "GET",
        TRACK_PATH,
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
        Canned(200, doc.usps_delivered()),
    )
    with time_machine.travel(NOW, tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
        assert tracker.courier == "usps" and tracker.mode == Mode.LIVE

        first = refresh_trackers([tracker])
        tracker.refresh_from_db()
        events = list(TrackingEvent.objects.filter(tracker=tracker).order_by("occurred_at"))
        assert first.events_added == len(events) == 8 and first.failed == 0
        assert (tracker.status, tracker.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
        assert tracker.est_delivery_at == datetime(2026, 2, 28, 2, 0, tzinfo=UTC)
        assert tracker.last_error == ""
        assert [e.time_zone for e in events] == [
            "America/Los_Angeles",
            "America/Los_Angeles",
            "America/Los_Angeles",
            "America/Los_Angeles",
            None,
            "America/Chicago",
            "America/Chicago",
            "America/Chicago",
        ]
        assert events[0].occurred_at == datetime(2026, 2, 23, 17, 15, 12, tzinfo=UTC)
        assert (events[0].city, events[0].state, events[0].postal_code, events[0].country) == (
            "SEATTLE",
            "WA",
            "98101",
            "US",
        )
        assert events[-1].courier == "usps" and events[-1].raw["eventCode"] == "OF"

        clock.shift(60)
        second = refresh_trackers([tracker])
        assert second.events_added == 0 and second.changed == 0
        assert TrackingEvent.objects.filter(tracker=tracker).count() == 8

        clock.shift(3600)
        third = refresh_trackers([tracker])
        tracker.refresh_from_db()
        assert third.events_added == 1
        assert (tracker.status, tracker.status_detail) == (Status.DELIVERED, Detail.DELIVERED)
        assert tracker.delivered_at == datetime(2026, 2, 27, 19, 2, 33, tzinfo=UTC)
        assert tracker.est_delivery_at is None

    # One token for the three refreshes; each asked for the detailed view.
    assert len(usps_live.hits("POST", "/oauth2/v3/token")) == 1
    assert [h.query for h in usps_live.hits("GET", TRACK_PATH)] == [{"expand": ["DETAIL"]}] * 3


def test_a_carrier_outage_is_recorded_and_backed_off(acme, usps_live):
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add("GET", TRACK_PATH, Canned(503, {"error": {"code": "503"}}, {"Retry-After": "600"}))
    with time_machine.travel(NOW, tick=False):
        tracker = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
        report = refresh_trackers([tracker])
        tracker.refresh_from_db()
    assert report.failed == 1
    assert tracker.refresh_failures == 1
    assert tracker.last_error.startswith("temporary_failure")
    assert tracker.next_refresh_at >= NOW + timedelta(seconds=600)  # the carrier's Retry-After is honoured
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 0


def test_without_credentials_the_tracker_says_no_adapter(acme, settings):
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "usps": {"base_url": "http://127.0.0.1:9", "client_id": "", "client_secret": ""},
    }
    tracker = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert (tracker.status, tracker.status_detail) == (Status.UNKNOWN, Detail.NO_ADAPTER)
