"""PackageX `POST /shipments/{id}`: its three request examples and its three error examples
replayed through the dialect, answered `{"data": shipment}` or in PackageX's error envelope."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from dialects.packagex import packagex_error, tables
from shipments import services
from shipments.api_schema import BASIC_EXAMPLE, CUSTOMS_EXAMPLE, STATUS_EXAMPLE
from shipments.errors import CATALOG, refuse
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
    # The shipment's tracker in PackageX's words: its `track_…` id, which resolves at /trackers/{id}.
    assert data["tracker_id"].startswith("track_")
    assert px.get(f"/packagex/v1/trackers/{data['tracker_id']}").json()["data"]["id"] == data["tracker_id"]
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


def test_the_three_error_examples_in_packagexs_envelope(acme, globex, px):
    in_bag = make(acme)
    in_bag.container = ContainerFactory(organization=acme)
    in_bag.save()
    plain = make(acme)
    cases = [
        (
            in_bag,
            {"tracking_update": {"status": "in_transit"}},
            "update.disabled",
            ["container_id"],
            "Cannot update the status or location on a shipment in a container. Either unlink the shipment "
            "from the container or update the container directly.",
        ),
        (
            plain,
            {"tracking_number": "PKGX-1"},
            "small_tracking_number",
            ["tracking_number"],
            "Invalid tracking number: The tracking number must be at least 10 characters long. Please provide "
            "a complete and valid tracking number.",
        ),
        (
            plain,
            {"tracking_update": {"contact_id": ContactFactory(organization=globex).public_id}},
            "invalid:contact",
            ["contact_id"],
            "Contact does not belong to the organization",
        ),
    ]
    for shipment, body, code, fields, message in cases:
        response = px.post(f"{BASE}/{shipment.public_id}", body, format="json")
        assert response.status_code == 400
        assert response.json() == {"error": {"code": code, "errors": fields, "message": message, "status": 400}}


def test_every_shipment_refusal_keeps_packagexs_code():
    """Our codes are snake_case; PackageX's wire keeps its own (`update.disabled`, `invalid:contact`)."""
    assert set(tables.ERROR_CODES) <= set(CATALOG)
    wire = {code: packagex_error(refuse(code))["error"]["code"] for code in CATALOG}
    assert wire == {
        "shipment_in_container": "update.disabled",
        "shipment_tracking_number_too_short": "small_tracking_number",
        "unknown_contact": "invalid:contact",
        "unknown_location": "invalid:location",
        "unknown_layout": "invalid:layout",
        "unknown_container": "invalid:container",
        "unknown_user": "invalid:user",
        "layout_not_in_location": "invalid:layout_location",
        "shipment_purchased": "update.purchased",
        "invalid_status_transition": "invalid:status_transition",
        "international_shipping_disabled": "international.disabled",
        "contents_explanation_required": "invalid:customs.contents_explanation",
        "restriction_comments_required": "invalid:customs.restriction_comments",
        "invalid_fields": "invalid_fields",
        "unknown_field": "unknown_field",
        "invalid_body": "invalid_body",
        "container_not_empty": "container_not_empty",
    }


def test_another_organizations_shipment_does_not_exist(acme, globex, px):
    other = make(globex)
    missing = px.post(f"{BASE}/{other.public_id}", {"notes": "x"}, format="json")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert px.get(f"{BASE}/{other.public_id}").status_code == 404
