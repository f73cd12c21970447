"""What DELETE stops, and the webhook subscription lifecycle beyond create and update."""

from __future__ import annotations

import pytest

from tests.api.conftest import error_of
from trackers.models import Tracker
from webhooks.models import Delivery, DeliveryStatus, Subscription


def test_deleting_a_tracker_stops_its_deliveries_and_refreshes(api):
    hook = api.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/hooks"}, format="json").json()
    tracker = api.post("/api/v1/trackers", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json").json()
    pending = Delivery.objects.get(subscription__public_id=hook["id"], event__subject_id=tracker["data"][0]["id"])
    assert pending.status == DeliveryStatus.PENDING
    assert api.delete(f"/api/v1/trackers/{tracker['data'][0]['id']}").status_code == 204
    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.CANCELED
    # Nothing is left for the scheduler to claim; only the tracker.deleted event is still owed.
    assert not Tracker.objects.exists()
    owed = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    assert [d.event.type for d in owed] == ["tracker.deleted"]


def test_patch_refuses_unknown_fields_and_changes_nothing(api):
    tracker = api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json").json()["data"][0]
    url = f"/api/v1/trackers/{tracker['id']}"
    response = api.patch(url, {"title": "new", "colour": "red"}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "unknown_field" and error["errors"][0]["field"] == "colour"
    response = api.patch(url, {"title": "new", "metadata": ["not", "an", "object"]}, format="json")
    assert response.status_code == 400
    assert api.get(url).json()["title"] == ""


def test_patch_of_mode_is_immutable(api):
    tracker = api.post("/api/v1/trackers", {"tracking_number": "EZ1000000001"}, format="json").json()["data"][0]
    response = api.patch(f"/api/v1/trackers/{tracker['id']}", {"mode": "live"}, format="json")
    assert response.status_code == 400 and error_of(response)["code"] == "immutable_field"


def test_webhook_list_get_delete(api, globex_api):
    made = [api.post("/api/v1/webhooks", {"url": f"http://127.0.0.1:9/h{i}"}, format="json").json() for i in range(3)]
    page = api.get("/api/v1/webhooks", {"limit": 2}).json()
    assert [w["id"] for w in page["data"]] == [made[2]["id"], made[1]["id"]]
    assert page["meta"]["has_more"] is True
    rest = api.get("/api/v1/webhooks", {"cursor": page["meta"]["next_cursor"]}).json()
    assert [w["id"] for w in rest["data"]] == [made[0]["id"]]
    one = api.get(f"/api/v1/webhooks/{made[0]['id']}").json()
    # Signed by default: the create answer showed the generated secret once; reads never show it.
    assert made[0]["secret"].startswith("whsec_")
    assert one["has_secret"] is True and "secret" not in one and one["enabled"] is True
    assert api.delete(f"/api/v1/webhooks/{made[0]['id']}").status_code == 204
    response = api.get(f"/api/v1/webhooks/{made[0]['id']}")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert globex_api.get("/api/v1/webhooks").json()["data"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://127.0.0.1:9/h", "enabled": "yes"}, "enabled"),
        ({"url": "http://127.0.0.1:9/h", "event_types": ["tracker.exploded"]}, "event_types"),
        ({"url": "http://127.0.0.1:9/h", "event_types": "tracker.created"}, "event_types"),
        ({"url": "http://127.0.0.1:9/h", "secret": 42}, "secret"),
        ({"url": "http://127.0.0.1:9/h", "description": ["x"]}, "description"),
        ({"url": 5}, "url"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "http://127.0.0.1:9/h", "colour": "red"}, "colour"),
    ],
)
def test_bad_webhook_fields_are_400_naming_the_field(api, body, field):
    response = api.post("/api/v1/webhooks", body, format="json")
    assert response.status_code == 400
    assert field in {e["field"] for e in error_of(response)["errors"]}
    assert not Subscription.objects.exists()


def test_webhook_bodies_must_be_objects(api):
    assert error_of(api.post("/api/v1/webhooks", ["x"], format="json"))["code"] == "invalid_body"
    hook = api.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/h"}, format="json").json()
    assert api.patch(f"/api/v1/webhooks/{hook['id']}", "x", format="json").status_code == 400


def test_reenabling_clears_the_disabled_reason(api):
    hook = api.post("/api/v1/webhooks", {"url": "http://127.0.0.1:9/h"}, format="json").json()
    Subscription.objects.filter(public_id=hook["id"]).update(enabled=False, disabled_reason="Failing for 24 hours")
    body = api.patch(f"/api/v1/webhooks/{hook['id']}", {"enabled": True}, format="json").json()
    assert body["enabled"] is True and body["disabled_reason"] == ""


def test_usage_counts_per_mode_and_shows_the_balance(midday, api, live_api, acme):
    acme.credit_balance = 10
    acme.save()
    api.post("/api/v1/trackers", [{"tracking_number": "EZ1000000001"}] * 2, format="json")
    live_api.post("/api/v1/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")
    live_api.post("/api/v1/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")  # deduplicated
    body = live_api.get("/api/v1/usage").json()
    assert body["mode"] == "live"
    assert body["trackers_created"] == {"test": 2, "live": 1}
    assert body["credit_balance"] == 9 and body["unlimited"] is False
