"""Packy beyond the first call: a `limit` above the ceiling served at the ceiling (meta says so),
`events: []` on trackings created in the background, unparsable and whole-body refusals inside
the `{data, errors}` envelope, PUT as a full webhook update, and its detect sample recognized."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from dialects.packy import tables
from tests.factories import TrackerFactory

BASE = "/packy/v1"


@pytest.fixture
def test(acme_test_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    return client


def test_a_limit_above_the_ceiling_is_served_at_the_ceiling_and_meta_says_so(test, acme):
    TrackerFactory.create_batch(tables.MAX_LIMIT + 2, organization=acme, mode=Mode.TEST)
    big = test.get(f"{BASE}/trackings", {"limit": "500"})
    assert big.status_code == 200
    body = big.json()
    assert len(body["data"]) == tables.MAX_LIMIT
    assert body["meta"] == {
        "page": 1,
        "limit": tables.MAX_LIMIT,
        "total": tables.MAX_LIMIT + 2,
        "pages": 2,
        "requested_limit": 500,
        "max_limit": tables.MAX_LIMIT,
    }
    plain = test.get(f"{BASE}/trackings", {"limit": "5"}).json()["meta"]
    assert plain == {"page": 1, "limit": 5, "total": tables.MAX_LIMIT + 2, "pages": 21}
    for bad in ("0", "-3", "x", "1.5"):
        assert test.get(f"{BASE}/trackings", {"limit": bad}).status_code == 400, bad


def test_async_creates_carry_empty_events(test):
    response = test.post(f"{BASE}/trackings", [{"tracking_number": "PKGX-AAAAAAA-0000001"}], format="json")
    assert response.status_code == 201
    [item] = response.json()["data"]
    assert item["events"] == []


def test_an_unparsable_body_is_answered_in_the_envelope(test):
    response = test.post(f"{BASE}/trackings", data="[{not json", content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"data", "errors"} and body["data"] == []
    [error] = body["errors"]
    assert error["index"] is None and error["code"] == "malformed_json" and error["message"]


def test_whole_body_refusals_carry_their_index(test):
    too_many = [{"tracking_number": f"PKGX-AAAAAAA-{i:07d}"} for i in range(41)]
    response = test.post(f"{BASE}/trackings", too_many, format="json")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["code"] == "batch_too_large" and error["index"] == 40  # the first item past the limit
    empty = test.post(f"{BASE}/trackings", [], format="json").json()["errors"]
    assert [(e["index"], e["code"]) for e in empty] == [(None, "empty_batch")]
    bad_item = test.post(f"{BASE}/trackings", [{"tracking_number": "PKGX-AAAAAAA-0000001"}, 7], format="json")
    assert bad_item.status_code == 207 and bad_item.json()["errors"][0]["index"] == 1


def test_put_is_a_full_webhook_update(test):
    sub = test.post(
        f"{BASE}/webhooks", {"url": "https://hooks.example.com/a", "secret": "s3cret", "enabled": False}, format="json"
    ).json()
    replaced = test.put(f"{BASE}/webhooks/{sub['id']}", {"url": "https://hooks.example.com/b"}, format="json")
    assert replaced.status_code == 200, replaced.content
    body = replaced.json()
    # What the body leaves out takes its default, as on create: no secret, enabled.
    assert (body["url"], body["has_secret"], body["enabled"]) == ("https://hooks.example.com/b", False, True)
    kept = test.put(
        f"{BASE}/webhooks/{sub['id']}",
        {"url": "https://hooks.example.com/c", "secret": "x", "enabled": False},
        format="json",
    ).json()
    assert (kept["has_secret"], kept["enabled"]) == (True, False)
    no_url = test.put(f"{BASE}/webhooks/{sub['id']}", {"enabled": True}, format="json")
    assert no_url.status_code == 400 and "url" in no_url.json()["message"]
    assert test.put(f"{BASE}/webhooks/999999", {"url": "https://hooks.example.com/d"}, format="json").status_code == 404


def test_detect_recognizes_the_documents_sample(test):
    detected = test.post(f"{BASE}/couriers/detect", {"tracking_number": "MGRAE0003506539YQ"}, format="json").json()
    assert detected and detected[0]["code"] == "yunexpress"
    assert test.post(f"{BASE}/couriers/detect", {"tracking_number": "QWRTX0003506539ZZ"}, format="json").json() == []
