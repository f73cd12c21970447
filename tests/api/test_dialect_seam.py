"""The dialect seam, proven with a dialect that lives only in the tests (tests/api/toy_dialect.py).

Its key header, error shape, paging and ids differ from the native API's in every respect, and
the native API beside it keeps its own: the seam is per view, not global.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from trackers import services

pytestmark = pytest.mark.urls("tests.api.toy_dialect")


@pytest.fixture
def toy(acme_test_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_TOY_KEY=acme_test_key)
    return client


def make(org, n: int) -> list:
    return [services.create_tracker(org, Mode.TEST, f"PKGX-AAAAAAA-{i:07d}").tracker for i in range(n)]


def test_the_key_comes_in_the_dialects_own_header(acme_test_key):
    native_header = APIClient()
    native_header.credentials(HTTP_X_API_KEY=acme_test_key)
    response = native_header.get("/toy/parcels")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "reason": "unauthorized", "detail": "Send X-Toy-Key.", "fields": []}
    assert response["WWW-Authenticate"] == 'X-Toy-Key realm="toy"'


def test_a_bad_key_is_refused_in_the_dialects_shape(db):
    client = APIClient()
    client.credentials(HTTP_X_TOY_KEY="sk_test_nope")
    body = client.get("/toy/parcels").json()
    assert body["ok"] is False and body["reason"] == "unauthorized" and "Invalid" in body["detail"]


def test_service_errors_keep_code_and_fields_in_the_dialects_shape(toy):
    response = toy.post("/toy/parcels", {"number": "1Z999AA10123456784"}, format="json")
    assert response.status_code == 422
    assert response.json()["reason"] == "not_a_sandbox_number"
    assert response.json()["fields"] == ["tracking_number"]
    malformed = toy.post("/toy/parcels", "{", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json()["reason"] == "malformed_json"


def test_lists_page_by_number(toy, acme):
    made = make(acme, 5)
    first = toy.get("/toy/parcels").json()
    assert first["meta"] == {"page": 1, "limit": 2, "total": 5, "pages": 3}
    assert [p["number"] for p in first["data"]] == [t.tracking_number for t in reversed(made)][:2]
    last = toy.get("/toy/parcels", {"page": 3}).json()
    assert len(last["data"]) == 1
    assert toy.get("/toy/parcels", {"page": 9}).json()["data"] == []
    bad = toy.get("/toy/parcels", {"page": "two"})
    assert bad.status_code == 400 and bad.json() == {
        "ok": False,
        "reason": "invalid_page",
        "detail": "page must be a whole number from 1.",
        "fields": ["page"],
    }
    assert toy.get("/toy/parcels", {"limit": 6}).json()["reason"] == "invalid_limit"


def test_ids_are_written_and_read_in_the_dialects_form(toy, acme, globex):
    tracker = make(acme, 1)[0]
    toy_id = "T-" + tracker.public_id.removeprefix("trk_")
    listed = toy.get("/toy/parcels").json()["data"][0]
    assert listed["id"] == toy_id
    assert toy.get(f"/toy/parcels/{toy_id}").json()["number"] == tracker.tracking_number
    # The native form, a malformed id and another organization's tracker are all simply not found.
    other = make(globex, 1)[0]
    for wrong in (tracker.public_id, "T-", "T-" + other.public_id.removeprefix("trk_")):
        response = toy.get(f"/toy/parcels/{wrong}")
        assert response.status_code == 404 and response.json()["reason"] == "not_found"


@pytest.mark.urls("config.urls")
def test_the_native_api_keeps_its_own_shape_beside_it(api):
    body = api.get("/api/v1/trackers/trk_nope").json()
    assert set(body) == {"error"} and body["error"]["code"] == "not_found"
