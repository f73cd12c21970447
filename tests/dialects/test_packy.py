"""Packy at /packy/v1: each request sample replayed, the response shapes field by field,
page-number lists, batch outcomes, credits, webhook subscriptions and a signed delivery."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient
from standardwebhooks import Webhook

from accounts import services as accounts
from accounts.models import Mode
from core.ids import hex_form
from trackers import services
from trackers.models import Tracker

BASE = "/packy/v1"
TRACKING_KEYS = {"id", "tracking_number", "courier_code", "delivery_status", "created_at", "updated_at"}


def packy(key: str, header: str = "bearer") -> APIClient:
    client = APIClient()
    if header == "bearer":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    else:
        client.credentials(HTTP_X_API_KEY=key)
    return client


@pytest.fixture
def test(acme_test_key) -> APIClient:
    return packy(acme_test_key)


@pytest.fixture
def live(acme_live_key) -> APIClient:
    return packy(acme_live_key, header="x-api-key")


def test_the_create_sample_answers_201_with_the_tracking(live):
    response = live.post(
        f"{BASE}/trackings", {"tracking_number": "9400111899562537683144", "courier_code": "usps"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"data", "errors"} and body["errors"] == []
    [item] = body["data"]
    assert set(item) == TRACKING_KEYS | {"events"} and item["events"] == []  # async (the default): none yet
    assert item["tracking_number"] == "9400111899562537683144" and item["courier_code"] == "usps"
    assert len(item["id"]) == 32 and item["delivery_status"] == "unknown"
    got = live.get(f"{BASE}/trackings/{item['id']}").json()
    assert set(got) == TRACKING_KEYS | {"events"} and got["id"] == item["id"]


def test_async_false_answers_with_events(test, sandbox_instant):
    response = test.post(f"{BASE}/trackings?async=false", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json")
    [item] = response.json()["data"]
    assert item["delivery_status"] == "delivered" and item["events"]
    assert set(item["events"][0]) == {"occurred_at", "local_time", "time_zone", "status", "message", "location"}
    assert test.post(f"{BASE}/trackings?async=maybe", {}, format="json").json()["code"] == "invalid_parameter"


def test_a_batch_is_201_207_or_422(test):
    good = {"tracking_number": "PKGX-AAAAAAA-0000001"}
    bad = {"tracking_number": "1Z999AA10123456784"}
    assert test.post(f"{BASE}/trackings", [good, good], format="json").status_code == 201
    partial = test.post(f"{BASE}/trackings", [good, bad], format="json")
    assert partial.status_code == 207
    assert partial.json()["errors"] == [
        {
            "index": 1,
            "tracking_number": "1Z999AA10123456784",
            "code": "not_a_sandbox_number",
            "message": partial.json()["errors"][0]["message"],
        }
    ]
    none = test.post(f"{BASE}/trackings", [bad], format="json")
    assert none.status_code == 422 and none.json()["data"] == []
    too_many = test.post(f"{BASE}/trackings", [good] * 41, format="json")
    assert too_many.status_code == 422
    assert too_many.json()["data"] == [] and too_many.json()["errors"][0]["code"] == "batch_too_large"
    assert Tracker.objects.count() == 3


def test_list_pages_by_number(test, acme):
    for i in range(3):
        services.create_tracker(acme, Mode.TEST, f"PKGX-AAAAAAA-000000{i}")
    body = test.get(f"{BASE}/trackings", {"page": 2, "limit": 2}).json()
    assert body["meta"] == {"page": 2, "limit": 2, "total": 3, "pages": 2}
    assert [t["tracking_number"] for t in body["data"]] == ["PKGX-AAAAAAA-0000000"]
    assert set(body["data"][0]) == TRACKING_KEYS
    assert test.get(f"{BASE}/trackings", {"page": 5}).json()["data"] == []
    bad = test.get(f"{BASE}/trackings", {"page": "0"})
    assert bad.status_code == 400 and bad.json() == {
        "code": "invalid_page",
        "message": "page must be a whole number from 1.",
    }


def test_get_and_delete_by_32_hex_id(test, acme, globex):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001").tracker
    assert test.get(f"{BASE}/trackings/{hex_form(tracker.public_id)}").status_code == 200
    assert test.get(f"{BASE}/trackings/{tracker.public_id}").status_code == 404
    other = services.create_tracker(globex, Mode.TEST, "PKGX-AAAAAAA-0000001").tracker
    assert test.get(f"{BASE}/trackings/{hex_form(other.public_id)}").status_code == 404
    assert test.delete(f"{BASE}/trackings/{hex_form(tracker.public_id)}").status_code == 204
    gone = test.get(f"{BASE}/trackings/{hex_form(tracker.public_id)}")
    assert gone.status_code == 404 and gone.json() == {"code": "not_found", "message": "No such tracker."}


def test_the_401_sample(db):
    for client in (APIClient(), packy("sk_test_wrong"), packy("sk_test_wrong", "x-api-key")):
        response = client.get(f"{BASE}/trackings")
        assert response.status_code == 401
        assert response.json() == {"code": "unauthorized", "message": "Invalid or missing API key"}


def test_couriers_and_the_detect_sample_answer_bare_arrays(test):
    couriers = test.get(f"{BASE}/couriers").json()
    assert isinstance(couriers, list) and {"code": "ups", "name": "UPS", "website": "https://www.ups.com"} in couriers
    detected = test.post(f"{BASE}/couriers/detect", {"tracking_number": "MGRAE0003506539YQ"}, format="json")
    assert detected.status_code == 200 and isinstance(detected.json(), list)
    ups = test.post(f"{BASE}/couriers/detect", {"tracking_number": "1Z999AA10123456784"}, format="json").json()
    assert ups[0]["code"] == "ups" and set(ups[0]) == {"code", "name", "confidence"}


def test_creating_live_trackings_uses_credits(live, acme):
    accounts.grant_credits(acme, 1)
    response = live.post(
        f"{BASE}/trackings",
        [{"tracking_number": "9400111899562537683144"}, {"tracking_number": "1Z999AA10123456784"}],
        format="json",
    )
    assert response.status_code == 207
    assert response.json()["errors"][0]["code"] == "insufficient_credits"
    acme.refresh_from_db()
    assert acme.credit_balance == 0


def test_webhook_subscriptions(test, settings):
    created = test.post(
        f"{BASE}/webhooks", {"url": "https://hooks.example.com/packy", "secret": "s3cret"}, format="json"
    )
    assert created.status_code == 201
    sub = created.json()
    assert isinstance(sub["id"], int) and sub["has_secret"] is True and sub["enabled"] is True and "secret" not in sub
    assert [s["id"] for s in test.get(f"{BASE}/webhooks").json()] == [sub["id"]]
    off = test.patch(f"{BASE}/webhooks/{sub['id']}", {"enabled": False}, format="json").json()  # Packy's sample
    assert off["enabled"] is False and off["has_secret"] is True and off["url"] == sub["url"]
    cleared = test.patch(f"{BASE}/webhooks/{sub['id']}", {"secret": ""}, format="json").json()
    assert cleared["has_secret"] is False
    settings.WEBHOOK_ALLOW_HTTP = False
    plain = test.post(f"{BASE}/webhooks", {"url": "http://hooks.example.com/packy"}, format="json")
    assert plain.status_code == 400 and "https" in plain.json()["message"]
    assert test.delete(f"{BASE}/webhooks/{sub['id']}").status_code == 204
    assert test.get(f"{BASE}/webhooks/{sub['id']}").status_code == 404
    assert test.get(f"{BASE}/webhooks/whk_x").status_code == 404


def test_a_delivery_is_a_packy_tracking_signed_with_the_secret(
    test, acme, receiver, django_capture_on_commit_callbacks
):
    test.post(f"{BASE}/webhooks", {"url": receiver.url + "/packy", "secret": "s3cret"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", enqueue=False).tracker
    [request] = receiver.wait_for(1)
    body = Webhook(b"s3cret").verify(request.body, request.headers)
    assert body["event"] == "tracking.created"
    assert set(body["data"]) == TRACKING_KEYS | {"events"} and body["data"]["id"] == hex_form(tracker.public_id)
    assert json.loads(request.body)["id"].startswith("evt_")


def test_grant_credits_command(acme, capsys):
    call_command("grant_credits", "--org", "acme", "25")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "25"
    call_command("grant_credits", "--org", "acme", "5")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "30"
    call_command("grant_credits", "--org", "acme", "--unlimited")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "unlimited"
