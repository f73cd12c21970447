"""The AfterShip dialect over plain HTTP: its envelope for every failure, what the SDK never sends
(fields its models drop, bad cursors, signed requests), its document, and its webhook bodies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient
from tracking.models import Tracking

from accounts.models import Mode
from dialects.aftership import BASE
from dialects.aftership.metadata import EXTRAS_KEY
from dialects.aftership.webhooks import render
from events.models import Event, EventType
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers import services, tags
from trackers.models import Tracker

URL = "/" + BASE.rstrip("/")


def aftership(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AS_API_KEY=key)
    return client


@pytest.fixture
def test(acme_test_key) -> APIClient:
    return aftership(acme_test_key)


def meta(response) -> tuple[int, int, str]:
    body = response.json()
    return response.status_code, body["meta"]["code"], body["meta"]["type"]


def test_the_base_is_at_the_hosts_root_in_the_api_lane():
    assert URL == "/tracking/2026-07" and URL.startswith(tuple(settings.API_LANE_PREFIXES))


def test_failures_answer_in_aftership_envelope(db, test):
    assert meta(Client().get(f"{URL}/trackings")) == (401, 401, "Unauthorized")
    assert meta(aftership("wrong").get(f"{URL}/trackings")) == (401, 401, "Unauthorized")
    assert meta(test.get(f"{URL}/nothing/here")) == (404, 404, "NotFound")
    assert meta(test.get(f"{URL}/trackings/{'0' * 32}")) == (404, 4004, "NotFound")
    assert meta(test.get(f"{URL}/trackings", {"cursor": "nonsense"})) == (400, 4008, "BadRequest")
    assert meta(test.get(f"{URL}/trackings", {"limit": 201})) == (400, 4008, "BadRequest")
    assert meta(test.get(f"{URL}/trackings", {"transit_time": 3})) == (400, 4008, "BadRequest")
    assert meta(test.post(f"{URL}/trackings", "[1]", content_type="application/json")) == (400, 4001, "BadRequest")
    assert meta(test.post(f"{URL}/trackings", "{", content_type="application/json")) == (400, 4001, "BadRequest")
    unknown = test.post(f"{URL}/trackings", {"tracking_number": "EZ1000000001", "colour": "red"}, format="json")
    assert meta(unknown) == (400, 4011, "BadRequest") and "colour" in unknown.json()["meta"]["message"]
    assert meta(test.get(f"{URL}/courier-connections")) == (403, 403, "Forbidden")
    assert meta(test.post(f"{URL}/estimated-delivery-date/predict-batch", {}, format="json")) == (403, 403, "Forbidden")
    assert meta(test.post(f"{URL}/trackings/{'0' * 32}/mark-as-completed", {"reason": "x"}, format="json"))[1] in (
        4004,
        4008,
    )


def test_a_signed_request_is_refused_with_aftership_401(db, test):
    response = test.get(f"{URL}/trackings", HTTP_AS_SIGNATURE_HMAC_SHA256="c2lnbmVk")
    assert meta(response) == (401, 401, "Unauthorized") and "as-api-key" in response.json()["meta"]["message"]


def test_fields_the_sdk_drops_are_still_taken(db, test):
    body = {"tracking_number": "EZ1000000001", "tracking_postal_code": "10001", "shipment_tags": ["a"]}
    created = test.post(f"{URL}/trackings", body, format="json").json()["data"]
    assert created["destination_postal_code"] == "10001"
    changed = test.put(f"{URL}/trackings/{created['id']}", {"shipment_tags": ["b"]}, format="json").json()["data"]
    assert changed["shipment_tags"] == ["b"]
    tracker = Tracker.objects.get(hex_id=created["id"])
    assert tracker.metadata == {} and tags.tags_of(tracker) == ["b"]  # the tracker's own tags
    refused = test.put(f"{URL}/trackings/{created['id']}", {"custom_fields": {EXTRAS_KEY: 1}}, format="json")
    assert meta(refused) == (400, 4008, "BadRequest")
    cleared = test.put(f"{URL}/trackings/{created['id']}", {"customers": []}, format="json").json()["data"]
    assert cleared["customers"] == []
    bad_country = test.post(
        f"{URL}/trackings", {"tracking_number": "EZ1000000001", "destination_country_region": "US"}, format="json"
    )
    assert meta(bad_country) == (400, 4008, "BadRequest")


def test_the_document_lists_the_paths_and_the_key_header(db):
    response = Client().get(f"{URL}/openapi.json")
    document = response.json()
    assert response.status_code == 200 and document["servers"] == [{"url": URL}]
    assert {"/trackings", "/trackings/{tracking_id}", "/trackings/{tracking_id}/retrack", "/couriers/detect"} <= set(
        document["paths"]
    )
    schemes = document["components"]["securitySchemes"].values()
    assert [s["name"] for s in schemes] == ["as-api-key"]


def test_webhook_bodies_tell_a_first_tag_only_when_the_tag_changes(acme, sandbox_instant):
    tracker = services.create_tracker(acme, Mode.TEST, "EZ4000000004", "usps", enqueue=False).tracker
    services.update_tracker(tracker, {"title": "renamed"})
    services.refresh_now(Tracker.objects.get(pk=tracker.pk))
    created, renamed, refreshed = Event.objects.filter(subject_id=tracker.public_id).order_by("created_at", "id")
    assert created.type == EventType.TRACKER_CREATED and render(created)["is_tracking_first_tag"] is True
    assert render(renamed)["is_tracking_first_tag"] is False
    body = render(refreshed)
    assert body["is_tracking_first_tag"] is True and body["event"] == "tracking_update"
    assert Tracking.model_validate(body["msg"]).tag.value == "Delivered"


def test_a_page_of_200_in_constant_queries(one_rate_window, test, acme, django_assert_max_num_queries):
    for tracker in TrackerFactory.create_batch(200, organization=acme):
        TrackingEventFactory(tracker=tracker)
    test.get(f"{URL}/trackings")  # warm the key's last_used_at
    with django_assert_max_num_queries(4):  # the page, its events, its tags, the total
        body = test.get(f"{URL}/trackings", {"limit": 200}).json()["data"]
    assert len(body["trackings"]) == 200 and body["pagination"]["total"] == 200
    assert all(len(t["checkpoints"]) == 1 for t in body["trackings"])


def test_an_event_about_something_else_keeps_its_own_name_and_data(acme):
    event = Event(
        public_id="evt_x",
        type="shipment.updated",
        data={"object": "shipment", "id": "shp_1"},
        created_at=timezone.now(),
    )
    assert render(event) == {
        "event": "shipment.updated",
        "event_id": "evt_x",
        "msg": {"object": "shipment", "id": "shp_1"},
        "ts": int(event.created_at.timestamp()),
    }


def test_shipment_tags_are_the_trackers_own_tags_both_ways(db, test, api):
    """Tags set natively (or in the dashboard) are AfterShip's shipment_tags, in answers, filters and webhooks."""
    made = api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json").json()["data"][0]
    api.put(f"/api/v1/trackers/{made['id']}/tags", {"tags": ["vip"]}, format="json")
    tracker = Tracker.objects.get(public_id=made["id"])
    shown = test.get(f"{URL}/trackings/{tracker.hex_id}").json()["data"]
    assert shown["shipment_tags"] == ["vip"]
    listed = test.get(f"{URL}/trackings", {"shipment_tags": "vip"}).json()["data"]["trackings"]
    assert [t["id"] for t in listed] == [tracker.hex_id]
    assert test.get(f"{URL}/trackings", {"shipment_tags": "other"}).json()["data"]["trackings"] == []
    event = Event.objects.filter(subject_id=tracker.public_id).first()
    assert render(event)["msg"]["shipment_tags"] == ["vip"]
    refused = test.post(f"{URL}/trackings", {"tracking_number": "EZ2000000002", "shipment_tags": "vip"}, format="json")
    assert meta(refused)[0] == 400 and not Tracker.objects.filter(tracking_number="EZ2000000002").exists()


def test_shipment_tags_come_back_in_the_order_given(db, test):
    """Not sorted: the order sent on create, then the order of an update that reorders and adds."""
    body = {"tracking_number": "EZ1000000001", "shipment_tags": ["vip", "fragile", "b2b"]}
    created = test.post(f"{URL}/trackings", body, format="json").json()["data"]
    assert created["shipment_tags"] == ["vip", "fragile", "b2b"]
    assert test.get(f"{URL}/trackings/{created['id']}").json()["data"]["shipment_tags"] == ["vip", "fragile", "b2b"]
    reordered = {"shipment_tags": ["vip", "b2b", "zebra", "fragile"]}
    changed = test.put(f"{URL}/trackings/{created['id']}", reordered, format="json").json()["data"]
    assert changed["shipment_tags"] == ["vip", "b2b", "zebra", "fragile"]
    listed = test.get(f"{URL}/trackings").json()["data"]["trackings"]
    assert listed[0]["shipment_tags"] == ["vip", "b2b", "zebra", "fragile"]
    tracker = Tracker.objects.get(hex_id=created["id"])
    assert tags.tags_of_subject(tracker.public_id, as_given=True) == [
        "vip",
        "b2b",
        "zebra",
        "fragile",
    ]  # the webhooks' read


def test_the_prediction_is_aftership_estimated_delivery_date(db, test, acme):
    from datetime import date

    tracker = TrackerFactory(
        organization=acme, status="in_transit", edd_date=date(2026, 12, 9), edd_earliest=date(2026, 12, 8),
        edd_latest=date(2026, 12, 10), edd_confidence="high", edd_basis="history",
    )  # fmt: skip
    shown = test.get(f"{URL}/trackings/{tracker.hex_id}").json()["data"]
    assert shown["aftership_estimated_delivery_date"] == {
        "estimated_delivery_date": "2026-12-09",
        "confidence_code": 0.9,
        "estimated_delivery_date_min": "2026-12-08",
        "estimated_delivery_date_max": "2026-12-10",
    }
    Tracker.objects.filter(pk=tracker.pk).update(edd_confidence="none", updated_at=timezone.now())
    assert test.get(f"{URL}/trackings/{tracker.hex_id}").json()["data"]["aftership_estimated_delivery_date"] is None


@pytest.mark.parametrize("reason", [{}, [], 1, None, "LOST "])
def test_mark_as_completed_refuses_a_reason_that_is_not_one_of_the_three(db, test, reason):
    created = test.post(f"{URL}/trackings", {"tracking_number": "EZ1000000001"}, format="json").json()["data"]
    answer = test.post(f"{URL}/trackings/{created['id']}/mark-as-completed", {"reason": reason}, format="json")
    assert answer.status_code == 400 and answer.json()["meta"]["type"] == "BadRequest"


def test_active_says_whether_the_tracking_is_still_checked(test, acme):
    """AfterShip's `active` is "whether AfterShip will continue tracking": a delivered tracker at
    its final status is no longer checked, though the native tracker stays active."""
    from accounts import services as accounts
    from core.ids import hex_form

    stopped = TrackerFactory(organization=acme, status="delivered", next_refresh_at=None)
    accounts.update_settings(acme, {"refresh_after_delivery_days": 3})
    still = TrackerFactory(organization=acme, status="delivered", delivered_at=timezone.now())
    moving = TrackerFactory(organization=acme, status="in_transit")

    def active(tracker) -> bool:
        return test.get(f"{URL}/trackings/{hex_form(tracker.public_id)}").json()["data"]["active"]

    assert (active(stopped), active(still), active(moving)) == (False, True, True)
    assert stopped.active  # the native tracker is still active: refreshable by hand


def test_a_new_slug_corrects_the_courier_until_the_limit(db, test, acme, settings):
    settings.CARRIER_CHANGE_LIMIT = 1
    tracker = TrackerFactory(organization=acme, courier="usps")
    TrackingEventFactory(tracker=tracker, courier="usps")
    url = f"{URL}/trackings/{tracker.hex_id}"
    corrected = test.put(url, {"slug": "ups", "title": "Mug"}, format="json")
    assert corrected.status_code == 200, corrected.content
    data = corrected.json()["data"]
    # The old courier's checkpoints are left out: AfterShip's shape cannot mark them.
    assert data["slug"] == "ups" and data["title"] == "Mug" and data["checkpoints"] == []
    assert tracker.events.count() == 0 and Tracker.objects.get(pk=tracker.pk).courier_changes == 1
    refused = test.put(url, {"slug": "fedex", "title": "Not saved"}, format="json")
    assert meta(refused) == (409, 4008, "BadRequest")
    assert "changed 1 time" in refused.json()["meta"]["message"]
    assert Tracker.objects.get(pk=tracker.pk).title == "Mug"
