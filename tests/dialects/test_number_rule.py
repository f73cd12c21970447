"""One rule for a tracking number at every door: upper case, whitespace removed anywhere.

A number written in groups and in lower case finds the tracker through the native filter and every
dialect's filter (EasyPost's once kept inner spaces), and a shipment stores it in the same form.
"""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Mode
from carriers import numbers
from shipments import services as shipments
from tests.conftest import client_for
from trackers import services

STORED = "PKGX-AAAAAAA-0000001"
WRITTEN = " pkgx-aaaaaaa-000 0001\t"


def tracktry(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_TRACKTRY_API_KEY=key)
    return client


def test_the_lenient_form_judges_nothing_and_agrees_with_normalize():
    assert numbers.lenient(WRITTEN) == numbers.normalize(WRITTEN) == STORED
    assert numbers.lenient("a b") == "AB"  # too short for a number: it simply matches nothing
    assert numbers.lenient("") == ""


def test_every_filter_finds_the_number_written_in_groups(acme, acme_test_key):
    tracker = services.create_tracker(acme, Mode.TEST, STORED).tracker
    services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000002")
    native = client_for(acme_test_key)
    found = native.get("/api/v1/trackers", {"tracking_number": WRITTEN}).json()["data"]
    assert [t["id"] for t in found] == [tracker.public_id]
    easypost = native.get("/easypost/v2/trackers", {"tracking_code": WRITTEN}).json()["trackers"]
    assert [t["tracking_code"] for t in easypost] == [STORED]
    batch = native.post("/easypost/v2/trackers/batch", {"tracking_codes": [WRITTEN]}, format="json").json()
    assert [t["tracking_code"] for t in batch["trackers"]] == [STORED]
    items = tracktry(acme_test_key).get("/tracktry/v1/trackings/get", {"tracking_number": WRITTEN}).json()
    assert [t["tracking_number"] for t in items["data"]["items"]] == [STORED]


def test_a_value_that_cannot_be_a_number_matches_nothing(acme, acme_test_key):
    services.create_tracker(acme, Mode.TEST, STORED)
    answer = tracktry(acme_test_key).get("/tracktry/v1/trackings/get", {"tracking_number": "a_b"})
    assert answer.status_code == 200 and answer.json()["data"]["items"] == []
    assert client_for(acme_test_key).get("/api/v1/trackers", {"tracking_number": "a_b"}).json()["data"] == []


def test_a_shipment_stores_and_finds_the_same_form(acme, acme_test_key):
    shipment = shipments.create_shipment(acme, Mode.TEST, {"tracking_number": WRITTEN})
    shipment.refresh_from_db()
    assert shipment.tracking_number == STORED
    found = client_for(acme_test_key).get("/api/v1/shipments", {"tracking_number": WRITTEN}).json()["data"]
    assert [s["id"] for s in found] == [shipment.public_id]
