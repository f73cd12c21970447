"""PackageX `POST /shipments/{id}` (seed 002): its three request examples and its three error
examples replayed through the dialect, answered `{"data": shipment}` or in seed 002's envelope."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from shipments import services
from shipments.api_schema import BASIC_EXAMPLE, CUSTOMS_EXAMPLE, STATUS_EXAMPLE
from shipments.errors import CATALOG
from tests.factories import ContactFactory, ContainerFactory, LocationFactory

BASE = "/packagex/v1/shipments"
US, DE = {"country": "US"}, {"country": "DE"}


@pytest.fixture
def px(acme_test_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_PX_API_KEY=acme_test_key)
    return client


def make(org, mode: str = Mode.TEST, **data):
    return services.create_shipment(org, mode, data)


def test_the_basic_information_example(acme, px):
    shipment = make(acme)
    response = px.post(f"{BASE}/{shipment.public_id}", BASIC_EXAMPLE, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"data"}
    data = body["data"]
    assert data["id"] == shipment.public_id and data["object"] == "shipment"
    assert (data["tracking_number"], data["provider_id"]) == ("PKGX-AAAAAAA-1234567", "ups")
    assert data["estimated_delivery_at"] == data["pickup_at"] == "2025-02-22T15:00:00Z"
    assert data["tracker_id"].startswith("trk_")
    assert px.get(f"{BASE}/{shipment.public_id}").json()["data"]["tracking_number"] == "PKGX-AAAAAAA-1234567"


def test_the_status_update_example(acme, px):
    shipment = make(acme)
    location = LocationFactory(organization=acme)
    body = {"tracking_update": {**STATUS_EXAMPLE["tracking_update"], "location_id": location.public_id}}
    data = px.post(f"{BASE}/{shipment.public_id}", body, format="json").json()["data"]
    assert data["status"] == "in_transit" and data["location_id"] == location.public_id
    update = data["tracking_updates"][0]
    assert (update["status"], update["comment"], update["images"]) == (
        "in_transit",
        "Package picked up from sender",
        ["https://example.com/image1.jpg"],
    )


def test_the_customs_example(acme, px):
    acme.international_shipping = True
    acme.save()
    shipment = make(acme, sender_address=US, recipient_address=DE)
    data = px.post(f"{BASE}/{shipment.public_id}", CUSTOMS_EXAMPLE, format="json").json()["data"]
    assert data["customs"]["incoterm"] == "DAP" and data["customs"]["items"][0]["description"] == "Coffee Beans"


def test_the_three_error_examples_in_seed_002s_envelope(acme, globex, px):
    in_bag = make(acme)
    in_bag.container = ContainerFactory(organization=acme)
    in_bag.save()
    plain = make(acme)
    cases = [
        (in_bag, {"tracking_update": {"status": "in_transit"}}, "update.disabled", ["container_id"]),
        (plain, {"tracking_number": "PKGX-1"}, "small_tracking_number", ["tracking_number"]),
        (
            plain,
            {"tracking_update": {"contact_id": ContactFactory(organization=globex).public_id}},
            "invalid:contact",
            ["contact_id"],
        ),
    ]
    for shipment, body, code, fields in cases:
        response = px.post(f"{BASE}/{shipment.public_id}", body, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "error": {"code": code, "errors": fields, "message": CATALOG[code].message, "status": 400}
        }


def test_another_organizations_shipment_does_not_exist(acme, globex, px):
    other = make(globex)
    missing = px.post(f"{BASE}/{other.public_id}", {"notes": "x"}, format="json")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert px.get(f"{BASE}/{other.public_id}").status_code == 404
