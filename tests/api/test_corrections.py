"""Corrections in the native API: PATCH `courier`, POST …/retrack, ranked candidates of couriers/detect."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from carriers.statuses import Status
from tests.api.conftest import error_of
from tests.factories import SubscriptionFactory, TrackerFactory, TrackingEventFactory
from trackers.models import Tracker, TrackingEvent
from webhooks.models import Delivery

URL = "/api/v1/trackers"

pytestmark = pytest.mark.django_db


def test_patch_courier_supersedes_the_old_events_and_says_so_in_the_webhook(api, acme):
    SubscriptionFactory(organization=acme, mode=Mode.TEST)
    tracker = TrackerFactory(organization=acme, courier="usps", status=Status.IN_TRANSIT)
    TrackingEventFactory(tracker=tracker, courier="usps")
    Tracker.objects.filter(pk=tracker.pk).update(last_event_at=tracker.created_at)
    url = f"{URL}/{tracker.public_id}"
    assert len(api.get(url).json()["events"]) == 1
    response = api.patch(url, {"courier": "ups", "order_id": "#9"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["courier"] == "ups" and body["courier_detected"] is False and body["order_id"] == "#9"
    assert body["status"] == "unknown" and body["events"] == [] and body["last_event_at"] is None
    # The read (the cached document) omits the superseded event too; the history keeps it.
    assert api.get(url).json()["events"] == []
    assert TrackingEvent.history.filter(tracker=tracker, superseded_at__isnull=False).count() == 1
    update = api.get("/api/v1/events", {"type": "tracker.updated"}).json()["data"][0]
    assert update["previous_attributes"]["courier"] == "usps"
    assert update["previous_attributes"]["status"] == "in_transit"
    assert update["previous_attributes"]["order_id"] == ""
    assert Delivery.objects.filter(event__public_id=update["id"]).exists()


def test_patch_courier_past_the_limit_is_a_409_in_the_envelope(api, acme, settings):
    settings.CARRIER_CHANGE_LIMIT = 1
    tracker = TrackerFactory(organization=acme, courier="usps")
    url = f"{URL}/{tracker.public_id}"
    assert api.patch(url, {"courier": "ups"}, format="json").status_code == 200
    refused = api.patch(url, {"courier": "fedex", "title": "not saved"}, format="json")
    assert refused.status_code == 409
    error = error_of(refused)
    assert error["code"] == "carrier_change_limit" and error["errors"][0]["field"] == "courier"
    assert api.get(url).json()["courier"] == "ups" and api.get(url).json()["title"] == ""


def test_patch_courier_to_a_pair_already_tracked_is_a_409(live_api, acme):
    number = "1Z999AA10123456784"
    mine = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number=number, courier="usps")
    TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number=number, courier="ups")
    refused = live_api.patch(f"{URL}/{mine.public_id}", {"courier": "ups"}, format="json")
    assert refused.status_code == 409 and error_of(refused)["code"] == "tracker_exists"


def test_another_organizations_tracker_is_a_404(globex_api, acme):
    tracker = TrackerFactory(organization=acme, courier="usps", active=False, next_refresh_at=None)
    for response in (
        globex_api.patch(f"{URL}/{tracker.public_id}", {"courier": "ups"}, format="json"),
        globex_api.post(f"{URL}/{tracker.public_id}/retrack"),
    ):
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    tracker.refresh_from_db()
    assert tracker.courier == "usps" and not tracker.active


def test_retrack_resumes_expired_and_completed_and_refuses_an_active_one(api, acme):
    expired = TrackerFactory(organization=acme, active=False, next_refresh_at=None, status_detail="expired")
    completed = TrackerFactory(organization=acme, status=Status.DELIVERED, next_refresh_at=None)
    for tracker in (expired, completed):
        response = api.post(f"{URL}/{tracker.public_id}/retrack")
        assert response.status_code == 200, response.content
        assert response.json()["active"] is True and response.json()["next_check_at"] is not None
    refused = api.post(f"{URL}/{completed.public_id}/retrack")
    assert refused.status_code == 400 and error_of(refused)["code"] == "tracker_active"


def test_detect_ranks_candidates_and_tells_the_check_digit(api):
    data = api.post("/api/v1/couriers/detect", {"tracking_number": "1Z999AA10123456784"}, format="json").json()["data"]
    assert [c["rank"] for c in data] == list(range(1, len(data) + 1))
    assert data[0]["courier"] == "ups" and data[0]["check_digit_valid"] is True
    digits = api.post("/api/v1/couriers/detect", {"tracking_number": "12345678901234"}, format="json").json()["data"]
    assert digits and all(c["check_digit_valid"] is False for c in digits)
