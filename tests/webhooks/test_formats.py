"""A format per subscription, end to end: subscribe through `POST /api/v1/webhooks` with `format`,
move a sandbox tracker, receive the delivery on a real local receiver, and verify its body shape and
its signature with each service's own scheme (Standard Webhooks' library; EasyPost's official client).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import easypost
import pytest
import time_machine
from standardwebhooks import Webhook

from tests.httpserver import LocalServer
from trackers.models import Tracker
from trackers.refresh import refresh_trackers
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
NUMBER = "PKGX-AAAAAAA-2468135"


@pytest.fixture(autouse=True)
def clock():
    """Frozen time for the whole test: the receiver verifies signatures at the time they were made."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def subscribe(api, receiver: LocalServer, **fields) -> dict:
    response = api.post("/api/v1/webhooks", {"url": receiver.url + "/hooks", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def move_a_sandbox_tracker(api, clock) -> Tracker:
    """Create a tracker through the API (its first look runs at once), then refresh it one sandbox step
    later: created, updated, updated."""
    response = api.post("/api/v1/trackers", {"tracking_number": NUMBER}, format="json")
    assert response.status_code == 201, response.content
    tracker = Tracker.objects.get(public_id=response.json()["data"][0]["id"])
    clock.shift(61)
    refresh_trackers([Tracker.objects.get(pk=tracker.pk)])
    return tracker


def standard(receiver: LocalServer, secret: str) -> list[dict]:
    """Every delivery, each verified by the standardwebhooks library (which raises on a bad one)."""
    return [Webhook(secret).verify(r.body, r.headers) for r in receiver.requests]


def test_native(api, receiver, clock):
    hook = subscribe(api, receiver)
    assert hook["format"] == "native" and hook["secret"].startswith("whsec_")
    tracker = move_a_sandbox_tracker(api, clock)
    bodies = standard(receiver, hook["secret"])
    assert [b["type"] for b in bodies][-1] == "tracker.updated"
    assert bodies[-1]["object"] == "event" and bodies[-1]["data"]["id"] == tracker.public_id
    assert bodies[-1]["data"]["courier"] == "sandbox" and "events" in bodies[-1]["data"]


def test_packagex(api, receiver, clock):
    hook = subscribe(api, receiver, format="packagex")
    assert hook["format"] == "packagex"
    tracker = move_a_sandbox_tracker(api, clock)
    bodies = standard(receiver, hook["secret"])
    update = bodies[-1]
    assert update["type"] == "tracker.updated" and update["id"].startswith("evt_")
    data = update["data"]
    assert data["id"] == "track_" + tracker.public_id.removeprefix("trk_")
    assert data["object"] == "tracker" and data["provider_id"] == "sandbox" and "courier" not in data
    assert data["tracking_number"] == NUMBER and data["status"]
    assert data["tracking_updates"] and {"status", "comment", "created_at"} <= set(data["tracking_updates"][0])
    # The same tracker as PackageX's GET answers it, under the same key.
    got = api.get(f"/packagex/v1/trackers/{data['id']}", HTTP_PX_API_KEY=api_key(api))
    assert got.status_code == 200 and set(got.json()["data"]) == set(data)


def test_packy(api, receiver, clock):
    hook = subscribe(api, receiver, format="packy")
    tracker = move_a_sandbox_tracker(api, clock)
    bodies = standard(receiver, hook["secret"])
    assert [b["event"] for b in bodies] == ["tracking.created", "tracking.updated", "tracking.updated"]
    data = bodies[-1]["data"]
    assert data["tracking_number"] == tracker.tracking_number and data["courier_code"] == "sandbox"
    assert "delivery_status" in data and data["events"]


def test_tracktry(api, receiver, clock):
    hook = subscribe(api, receiver, format="tracktry")
    assert hook["event_types"] == ["tracker.created", "tracker.updated"]  # the format's default
    tracker = move_a_sandbox_tracker(api, clock)
    bodies = standard(receiver, hook["secret"])
    assert len(bodies) == 3 and all(b["meta"] == {"code": 200, "type": "Success", "message": "Success"} for b in bodies)
    data = bodies[-1]["data"]
    assert data["tracking_number"] == tracker.tracking_number and data["carrier_code"] == "sandbox"
    assert data["origin_info"]["trackinfo"] and {"Date", "StatusDescription"} <= set(
        data["origin_info"]["trackinfo"][0]
    )


def test_easypost(api, receiver, clock):
    hook = subscribe(api, receiver, format="easypost", custom_headers={"X-Shop": "north"})
    tracker = move_a_sandbox_tracker(api, clock)
    events = [easypost.validate_webhook(r.body, r.headers, hook["secret"]) for r in receiver.requests]
    assert [e["description"] for e in events] == ["tracker.created", "tracker.updated", "tracker.updated"]
    assert events[-1]["object"] == "Event" and events[-1]["result"]["object"] == "Tracker"
    assert events[-1]["result"]["tracking_code"] == tracker.tracking_number
    assert all(r.headers["X-Shop"] == "north" for r in receiver.requests)
    with pytest.raises(easypost.errors.SignatureVerificationError):
        easypost.validate_webhook(receiver.requests[-1].body, receiver.requests[-1].headers, "whsec_other")


def test_the_delivery_log_says_each_delivery_s_format_and_subject(api, receiver, clock):
    subscribe(api, receiver, format="packy")
    tracker = move_a_sandbox_tracker(api, clock)
    hook = Subscription.objects.get()
    page = api.get(f"/api/v1/webhooks/{hook.public_id}/deliveries").json()["data"]
    assert {(d["format"], d["subject_type"], d["subject_id"]) for d in page} == {
        ("packy", "tracker", tracker.public_id)
    }
    assert Delivery.objects.count() == len(page) == 3


def api_key(api) -> str:
    return api._credentials["HTTP_AUTHORIZATION"].removeprefix("Bearer ")


def test_an_unknown_format_is_refused_naming_the_allowed_ones(api, receiver, clock):
    response = api.post("/api/v1/webhooks", {"url": receiver.url + "/h", "format": "fedex"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    (field,) = error["errors"]
    assert field["field"] == "format"
    for name in ("native", "aftership", "easypost", "packagex", "packy", "tracktry"):
        assert name in field["message"]
    assert not Subscription.objects.exists()


def test_patch_changes_the_format(api, receiver, clock):
    hook = subscribe(api, receiver)
    response = api.patch(f"/api/v1/webhooks/{hook['id']}", {"format": "tracktry"}, format="json")
    assert response.status_code == 200 and response.json()["format"] == "tracktry"
    response = api.patch(f"/api/v1/webhooks/{hook['id']}", {"format": ""}, format="json")
    assert response.status_code == 400 and Subscription.objects.get().format == "tracktry"
    assert json.loads(response.content)["error"]["errors"][0]["field"] == "format"
