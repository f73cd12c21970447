"""PackageX at /packagex/v1: the create and metadata samples replayed, `track_…` ids,
the nine final statuses, and PackageX's error envelope."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from trackers import services
from trackers.models import Tracker

BASE = "/packagex/v1"
FINALS = {
    "AAAAAAA": "delivered",
    "BBBBBBB": "picked_up",
    "CCCCCCC": "contact_provider",
    "DDDDDDD": "package_damaged",
    "EEEEEEE": "package_undeliverable",
    "FFFFFFF": "package_lost",
    "GGGGGGG": "address_issue",
    "HHHHHHH": "return_to_sender",
    "IIIIIII": "canceled",
}


@pytest.fixture
def px(acme_test_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_PX_API_KEY=acme_test_key)
    return client


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "errors", "message", "status"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_the_create_sample_answers_one_tracker_in_data(px):
    response = px.post(
        f"{BASE}/trackers", {"tracking_number": "PKGX-ABCDEFG-1234567", "provider_id": None}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"data"} and isinstance(body["data"], dict)
    tracker = body["data"]
    assert tracker["id"].startswith("track_") and tracker["object"] == "tracker"
    assert tracker["tracking_number"] == "PKGX-ABCDEFG-1234567" and tracker["provider_id"] == "sandbox"
    for name in ("status", "final_status", "metadata", "tracking_updates", "public_url", "created_at", "updated_at"):
        assert name in tracker, name
    native = Tracker.objects.get()
    assert tracker["id"] == "track_" + native.public_id.removeprefix("trk_")
    assert px.get(f"{BASE}/trackers/{tracker['id']}").json()["data"]["id"] == tracker["id"]


def test_the_metadata_sample_adds_updates_and_deletes_keys(px):
    tracker_id = px.post(f"{BASE}/trackers", {"tracking_number": "PKGX-ABCDEFG-1234567"}, format="json").json()["data"][
        "id"
    ]
    added = px.post(f"{BASE}/trackers/{tracker_id}", {"metadata": {"internal_id": "hello-world"}}, format="json")
    assert added.status_code == 200 and added.json()["data"]["metadata"] == {"internal_id": "hello-world"}
    both = px.post(f"{BASE}/trackers/{tracker_id}", {"metadata": {"internal_id": "v2", "shop": "eu"}}, format="json")
    assert both.json()["data"]["metadata"] == {"internal_id": "v2", "shop": "eu"}
    deleted = px.post(f"{BASE}/trackers/{tracker_id}", {"metadata": {"internal_id": None}}, format="json")
    assert deleted.json()["data"]["metadata"] == {"shop": "eu"}
    refused = px.post(f"{BASE}/trackers/{tracker_id}", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json")
    assert error_of(refused) == {
        "code": "unknown_field",
        "errors": ["tracking_number"],
        "message": "Unknown field(s): tracking_number.",
        "status": 400,
    }


def test_the_nine_final_statuses(px, sandbox_instant):
    for block, final in FINALS.items():
        tracker_id = px.post(f"{BASE}/trackers", {"tracking_number": f"PKGX-{block}-0000001"}, format="json").json()[
            "data"
        ]["id"]
        services.refresh_now(Tracker.objects.get(public_id="trk_" + tracker_id.removeprefix("track_")))
        data = px.get(f"{BASE}/trackers/{tracker_id}").json()["data"]
        assert (data["status"], data["final_status"]) == (final, final), block
        assert data["tracking_updates"]


def test_list_and_errors(px, acme_test_key, globex_test_key):
    px.post(f"{BASE}/trackers", {"tracking_number": "PKGX-AAAAAAA-0000001"}, format="json")
    listed = px.get(f"{BASE}/trackers").json()
    assert len(listed["data"]) == 1 and listed["pagination"]["total"] == 1
    assert error_of(px.get(f"{BASE}/trackers/track_nope"))["code"] == "not_found"
    assert error_of(px.get(f"{BASE}/trackers/trk_nope"))["code"] == "not_found"
    other = APIClient()
    other.credentials(HTTP_PX_API_KEY=globex_test_key)
    assert other.get(f"{BASE}/trackers/{listed['data'][0]['id']}").status_code == 404
    refused = px.post(f"{BASE}/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")
    assert error_of(refused)["errors"] == ["tracking_number"] and refused.status_code == 400
    assert error_of(APIClient().get(f"{BASE}/trackers"))["code"] == "unauthorized"
    native = APIClient()
    native.credentials(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    assert native.get(f"{BASE}/trackers").status_code == 401
