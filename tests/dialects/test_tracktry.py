"""Tracktry at /tracktry/v1: every path, its envelope and meta codes, Tracktry's request
sample replayed field by field, and trackings addressed by (carrier_code, tracking_number)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from core.errors import ServiceError, not_found
from dialects.tracktry import tables
from trackers import services
from trackers.models import Tracker

BASE = "/tracktry/v1"
# Tracktry's request sample (its e-mail address is redacted in its documentation; a real one stands in).
SAMPLE = {
    "tracking_number": "300403513351",
    "carrier_code": "4px",
    "destination_code": "us",
    "title": "cute pillow",
    "logistics_channel": "4PX挂号小包",
    "customer_name": "Karen Ng",
    "customer_email": "karen@example.com",
    "customer_phone": "86 135 3021 8545",
    "order_id": "#0002",
    "comment": "备注",
    "order_create_time": "2018/04/01 10:08",
    "lang": "en",
}


def tracktry(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_TRACKTRY_API_KEY=key)
    return client


@pytest.fixture
def live(acme_live_key) -> APIClient:
    return tracktry(acme_live_key)


@pytest.fixture
def test(acme_test_key) -> APIClient:
    return tracktry(acme_test_key)


def meta(response) -> dict:
    body = response.json()
    assert set(body) == {"meta", "data"}, body
    assert set(body["meta"]) == {"code", "type", "message"}
    return body["meta"]


def test_tracktrys_sample_is_created_and_every_field_comes_back(live):
    response = live.post(f"{BASE}/trackings/post", SAMPLE, format="json")
    assert response.status_code == 201, response.json()
    assert meta(response) == {"code": 201, "type": "Created", "message": "Created"}
    data = response.json()["data"]
    for name, value in SAMPLE.items():
        if name == "customer_phone":
            value = "+8613530218545"  # phone numbers are stored in E.164 (for SMS notifications)
        assert data[name] == value, name
    assert len(data["id"]) == 32 and int(data["id"], 16) >= 0
    assert data["status"] in ("pending", "notfound")
    assert set(data["origin_info"]) == {"weblink", "phone", "trackinfo"}
    tracker = Tracker.objects.get()
    assert (tracker.destination_code, tracker.logistics_channel, tracker.language) == ("us", "4PX挂号小包", "en")
    assert tracker.order_created_at.isoformat() == "2018-04-01T10:08:00+00:00"
    again = live.get(f"{BASE}/trackings/4px/300403513351")
    assert again.status_code == 200 and again.json()["data"]["id"] == data["id"]


def test_optional_fields_in_tracktrys_formats(live):
    body = {
        "tracking_number": "300403513352",
        "carrier_code": "4px",
        "tracking_ship_date": "20180402",
        "tracking_postal_code": "10115",
        "tracking_destination_country": "DE",
        "tracking_account_number": "ACC-1",
    }
    data = live.post(f"{BASE}/trackings/post", body, format="json").json()["data"]
    assert {k: data[k] for k in body} == body


def test_an_existing_pair_is_4016_and_a_missing_one_4017(live):
    live.post(f"{BASE}/trackings/post", SAMPLE, format="json")
    again = live.post(f"{BASE}/trackings/post", SAMPLE, format="json")
    assert again.status_code == 409 and meta(again)["code"] == 4016 and meta(again)["type"] == "Bad Request"
    assert Tracker.objects.count() == 1
    missing = live.get(f"{BASE}/trackings/4px/300403519999")
    assert missing.status_code == 404 and meta(missing)["code"] == 4017


def test_keys_missing_and_bad_have_their_own_codes(db):
    assert meta(APIClient().get(f"{BASE}/trackings/get"))["code"] == 401
    bad = tracktry("sk_test_wrong").get(f"{BASE}/trackings/get")
    assert bad.status_code == 401 and meta(bad) == {
        "code": 4001,
        "type": "Unauthorized",
        "message": meta(bad)["message"],
    }


def test_meta_codes_come_from_codes_and_reasons_never_from_messages():
    """A reworded message keeps its meta code: Tracktry's table reads the code and the reason only."""
    assert tables.meta_for(not_found("tracker")) == (4017, "Bad Request")
    assert tables.meta_for(ServiceError("not_found", "Reworded.", 404, reason="tracker_not_found"))[0] == 4017
    assert tables.meta_for(not_found("endpoint")) == (404, "Not Found")
    assert tables.meta_for(ServiceError("unauthorized", "Reworded.", 401, reason="api_key_missing"))[0] == 401
    assert tables.meta_for(ServiceError("unauthorized", "Send your API key.", 401, reason="api_key_invalid"))[0] == 4001


def test_unknown_fields_are_refused_not_dropped(live):
    response = live.post(f"{BASE}/trackings/post", {**SAMPLE, "colour": "red"}, format="json")
    assert response.status_code == 400 and meta(response)["code"] == 4012
    assert "colour" in meta(response)["message"]
    assert not Tracker.objects.exists()


def test_auto_correct_replaces_a_carrier_the_number_does_not_match(live):
    body = {"tracking_number": "1Z999AA10123456784", "carrier_code": "usps", "auto_correct": 1}
    data = live.post(f"{BASE}/trackings/post", body, format="json").json()["data"]
    assert data["carrier_code"] == "ups"
    plain = live.post(f"{BASE}/trackings/post", {**body, "auto_correct": 0}, format="json").json()["data"]
    assert plain["carrier_code"] == "usps"


def test_batch_reports_each_item(test):
    items = [
        {"tracking_number": "PKGX-AAAAAAA-0000001", "carrier_code": "usps"},
        {"tracking_number": "PKGX-AAAAAAA-0000001", "carrier_code": "usps"},
        {"tracking_number": "1Z999AA10123456784", "carrier_code": "ups"},
    ]
    response = test.post(f"{BASE}/trackings/batch", items, format="json")
    assert response.status_code == 200 and meta(response)["code"] == 200
    data = response.json()["data"]
    assert (data["submitted"], data["added"]) == (3, 1)
    assert [t["tracking_number"] for t in data["trackings"]] == ["PKGX-AAAAAAA-0000001"]
    assert [(e["tracking_number"], e["code"]) for e in data["errors"]] == [
        ("PKGX-AAAAAAA-0000001", 4016),
        ("1Z999AA10123456784", 4014),
    ]
    too_many = test.post(f"{BASE}/trackings/batch", [items[0]] * 41, format="json")
    assert meta(too_many)["code"] == 4020


def test_list_pages_and_filters(test, acme, sandbox_instant):
    made = [services.create_tracker(acme, Mode.TEST, f"PKGX-AAAAAAA-000000{i}", "usps").tracker for i in range(3)]
    services.refresh_now(made[0])
    page = test.get(f"{BASE}/trackings/get", {"page": 1, "limit": 2}).json()["data"]
    assert (page["page"], page["limit"], page["total"]) == (1, 2, 3) and len(page["items"]) == 2
    assert test.get(f"{BASE}/trackings/get", {"page": 9}).json()["data"]["items"] == []
    delivered = test.get(f"{BASE}/trackings/get", {"status": "delivered"}).json()["data"]["items"]
    assert [t["tracking_number"] for t in delivered] == ["PKGX-AAAAAAA-0000000"]
    assert delivered[0]["origin_info"]["trackinfo"][0]["checkpoint_status"] == "delivered"
    assert meta(test.get(f"{BASE}/trackings/get", {"status": "lost"}))["code"] == 4033
    assert meta(test.get(f"{BASE}/trackings/get", {"page": "x"}))["code"] == 4012


def test_update_and_delete_by_pair(live):
    live.post(f"{BASE}/trackings/post", SAMPLE, format="json")
    changed = live.put(
        f"{BASE}/trackings/4px/300403513351", {"title": "new title", "order_id": "986574521568"}, format="json"
    )
    assert changed.json()["data"]["title"] == "new title" and changed.json()["data"]["order_id"] == "986574521568"
    refused = live.put(f"{BASE}/trackings/4px/300403513351", {"archived": "true"}, format="json")
    assert refused.status_code == 400 and "archived" in meta(refused)["message"]
    gone = live.delete(f"{BASE}/trackings/4px/300403513351")
    assert gone.json()["data"] == {"tracking_number": "300403513351", "carrier_code": "4px"}
    assert meta(live.get(f"{BASE}/trackings/4px/300403513351"))["code"] == 4017


def test_realtime_creates_when_untracked_and_answers_events_now(test, sandbox_instant):
    body = {"tracking_number": "PKGX-DDDDDDD-0000001", "carrier_code": "usps"}
    first = test.post(f"{BASE}/trackings/realtime", body, format="json").json()["data"]["items"][0]
    assert first["status"] == "exception" and first["origin_info"]["trackinfo"]
    again = test.post(f"{BASE}/trackings/realtime", body, format="json").json()["data"]["items"][0]
    assert again["id"] == first["id"] and Tracker.objects.count() == 1


def test_carriers_and_detection(test):
    carriers = test.get(f"{BASE}/carriers").json()["data"]
    assert {"name": "UPS", "code": "ups"}.items() <= carriers[[c["code"] for c in carriers].index("ups")].items()
    found = test.post(f"{BASE}/carriers/detect", {"tracking_number": "1Z999AA10123456784"}, format="json")
    assert found.json()["data"][0] == {"name": "UPS", "code": "ups"}


def test_another_organizations_pair_does_not_exist(test, globex):
    services.create_tracker(globex, Mode.TEST, "PKGX-AAAAAAA-0000009", "usps")
    assert meta(test.get(f"{BASE}/trackings/usps/PKGX-AAAAAAA-0000009"))["code"] == 4017


def test_tracktrys_cn_is_kept_as_iso_zh_and_answered_as_cn(live):
    """Tracktry says `cn` for Chinese; the tracker (and the carrier adapters' Details) keep ISO 639-1."""
    created = live.post(f"{BASE}/trackings/post", {**SAMPLE, "lang": "cn"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["data"]["lang"] == "cn"
    assert Tracker.objects.get().language == "zh"
    updated = live.put(f"{BASE}/trackings/4px/300403513351", {"lang": "CN"}, format="json")
    assert updated.status_code == 200 and updated.json()["data"]["lang"] == "cn"
    assert Tracker.objects.get().language == "zh"
    live.put(f"{BASE}/trackings/4px/300403513351", {"lang": "de"}, format="json")
    assert Tracker.objects.get().language == "de"  # an ISO code Tracktry shares passes through
