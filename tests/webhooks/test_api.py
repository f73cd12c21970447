"""Events and deliveries API: scoped by organization and mode, keyset pages, retry, test ping, docs."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Mode
from events.models import Event, EventType
from tests.factories import SubscriptionFactory
from trackers import services as trackers
from webhooks import dispatch
from webhooks.models import Delivery, DeliveryStatus


@pytest.fixture
def three_trackers(acme, hook):
    made = [trackers.create_tracker(acme, Mode.TEST, f"PKGX-AAAAAAA-{i:07d}").tracker for i in range(3)]
    trackers.update_tracker(made[0], {"title": "Blue box"})
    return made


def not_found(response) -> bool:
    return response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_events_list_is_keyset_paginated_newest_first(api, three_trackers):
    first = api.get("/api/v1/events", {"limit": 2}).json()
    assert first["meta"]["has_more"] and len(first["data"]) == 2
    second = api.get("/api/v1/events", {"limit": 2, "cursor": first["meta"]["next_cursor"]}).json()
    assert not second["meta"]["has_more"] and second["meta"]["next_cursor"] is None
    ids = [e["id"] for e in first["data"] + second["data"]]
    assert ids == list(Event.objects.order_by("-created_at", "-id").values_list("public_id", flat=True))
    assert first["data"][0]["type"] == "tracker.updated"
    assert first["data"][0]["previous_attributes"] == {"title": ""}


def test_events_filter_by_type_and_tracker(api, three_trackers):
    created = api.get("/api/v1/events", {"type": "tracker.created"}).json()["data"]
    assert len(created) == 3 and {e["type"] for e in created} == {"tracker.created"}
    about = api.get("/api/v1/events", {"tracker": three_trackers[0].public_id}).json()["data"]
    assert [e["type"] for e in about] == ["tracker.updated", "tracker.created"]
    bad = api.get("/api/v1/events", {"type": "tracker.exploded"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_event_type"
    assert api.get("/api/v1/events", {"cursor": "nonsense!"}).json()["error"]["code"] == "invalid_cursor"


def test_events_are_scoped_to_org_and_mode(api, live_api, globex_api, three_trackers):
    event = Event.objects.first()
    assert api.get(f"/api/v1/events/{event.public_id}").json() == event.payload()
    assert not_found(globex_api.get(f"/api/v1/events/{event.public_id}"))
    assert not_found(live_api.get(f"/api/v1/events/{event.public_id}"))
    assert globex_api.get("/api/v1/events").json()["data"] == []
    assert live_api.get("/api/v1/events").json()["data"] == []


def test_events_list_runs_in_constant_queries(api, three_trackers, django_assert_max_num_queries, one_rate_window):
    api.get("/api/v1/events")  # the key and the rate window are paid for once, here
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/events").json()["data"]) == 4


def test_deliveries_of_a_webhook_with_their_attempt_log(api, globex_api, live_api, hook, receiver, three_trackers):
    receiver.status = 500
    while batch := dispatch.claim():
        dispatch.process(batch)
    url = f"/api/v1/webhooks/{hook.public_id}/deliveries"
    body = api.get(url).json()
    assert len(body["data"]) == 4
    row = body["data"][0]
    assert row["id"].startswith("dlv_") and row["webhook"] == hook.public_id and row["status"] == "pending"
    assert row["attempts"] == 1 and row["last_status_code"] == 500 and row["next_attempt_at"]
    assert row["attempt_log"][0]["status_code"] == 500 and row["attempt_log"][0]["response_excerpt"] == "ok"
    assert api.get(url, {"status": "succeeded"}).json()["data"] == []
    assert api.get(url, {"status": "nope"}).json()["error"]["code"] == "invalid_status"
    assert not_found(globex_api.get(url))
    assert not_found(live_api.get(url))
    assert not_found(api.get("/api/v1/webhooks/whk_nope/deliveries"))


def test_deliveries_list_runs_in_constant_queries(
    api, hook, three_trackers, django_assert_max_num_queries, one_rate_window
):
    while batch := dispatch.claim():
        dispatch.process(batch)
    api.get(f"/api/v1/webhooks/{hook.public_id}/deliveries")  # the key and the rate window are paid for once
    with django_assert_max_num_queries(6):
        assert len(api.get(f"/api/v1/webhooks/{hook.public_id}/deliveries").json()["data"]) == 4


def test_retry_a_delivery_through_the_api(api, globex_api, hook, receiver, three_trackers):
    receiver.status = 500
    while batch := dispatch.claim():
        dispatch.process(batch)
    delivery = Delivery.objects.filter(event__type=EventType.TRACKER_UPDATED).get()
    assert not_found(globex_api.post(f"/api/v1/deliveries/{delivery.public_id}/retry"))
    receiver.status = 200
    response = api.post(f"/api/v1/deliveries/{delivery.public_id}/retry")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "succeeded" and body["attempts"] == 2 and len(body["attempt_log"]) == 2
    assert api.get(f"/api/v1/deliveries/{delivery.public_id}").json()["status"] == "succeeded"
    assert not_found(globex_api.get(f"/api/v1/deliveries/{delivery.public_id}"))


def test_retrying_a_canceled_delivery_is_a_conflict(api, hook, three_trackers):
    trackers.delete_tracker(three_trackers[1])
    canceled = Delivery.objects.filter(status=DeliveryStatus.CANCELED).first()
    response = api.post(f"/api/v1/deliveries/{canceled.public_id}/retry")
    assert response.status_code == 409 and response.json()["error"]["code"] == "delivery_canceled"


def test_test_ping_through_the_api(api, globex_api, hook, receiver):
    assert not_found(globex_api.post(f"/api/v1/webhooks/{hook.public_id}/test"))
    assert receiver.requests == []
    response = api.post(f"/api/v1/webhooks/{hook.public_id}/test")
    assert response.status_code == 201
    body = response.json()
    assert body["event_type"] == "webhook.test" and body["status"] == "succeeded"
    assert body["attempt_log"][0]["status_code"] == 200
    assert len(receiver.requests) == 1


def test_another_modes_webhook_is_not_found(api, acme):
    live = SubscriptionFactory(organization=acme, mode=Mode.LIVE)
    assert not_found(api.post(f"/api/v1/webhooks/{live.public_id}/test"))


def test_the_endpoints_need_a_key(client):
    response = client.get("/api/v1/events")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_the_openapi_document_describes_the_endpoints_with_examples():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/events", "get"),
        ("/api/v1/events/{public_id}", "get"),
        ("/api/v1/webhooks/{public_id}/deliveries", "get"),
        ("/api/v1/webhooks/{public_id}/test", "post"),
        ("/api/v1/deliveries/{public_id}/retry", "post"),
    ]:
        operation = paths[path][method]
        assert operation["summary"]
        ok = next(iter(r for code, r in operation["responses"].items() if code.startswith("2")))
        assert ok["content"]["application/json"]["examples"]
    assert reverse("api-events") == "/api/v1/events"
