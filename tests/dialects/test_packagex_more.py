"""PackageX beyond the first call: metadata sent with the create, its validation errors as 400s
(as its reference writes them), and a container updated through the dialect, which moves every
shipment in it through the shipments service's container door."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Mode
from shipments import services as shipments
from tests.factories import ContainerFactory

BASE = "/packagex/v1"


@pytest.fixture
def px(acme_test_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_PX_API_KEY=acme_test_key)
    return client


def test_create_takes_metadata(px):
    body = {"tracking_number": "PKGX-ABCDEFG-1234567", "provider_id": None, "metadata": {"internal_id": "hello-world"}}
    response = px.post(f"{BASE}/trackers", body, format="json")
    assert response.status_code == 200, response.content
    tracker = response.json()["data"]
    assert tracker["metadata"] == {"internal_id": "hello-world"}
    assert px.get(f"{BASE}/trackers/{tracker['id']}").json()["data"]["metadata"] == {"internal_id": "hello-world"}
    bad = px.post(f"{BASE}/trackers", {"tracking_number": "PKGX-ABCDEFG-7654321", "metadata": [1]}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["errors"] == ["metadata"]


def test_validation_errors_are_400s(px, acme_live_key):
    not_sandbox = px.post(f"{BASE}/trackers", {"tracking_number": "1Z999AA10123456784"}, format="json")
    assert not_sandbox.status_code == 400
    assert not_sandbox.json()["error"]["code"] == "not_a_sandbox_number"
    assert not_sandbox.json()["error"]["status"] == 400
    live = APIClient()
    live.credentials(HTTP_PX_API_KEY=acme_live_key)
    undetected = live.post(f"{BASE}/trackers", {"tracking_number": "QWRTX0003506539ZZ"}, format="json")
    assert undetected.status_code == 400 and undetected.json()["error"]["code"] == "courier_not_detected"
    assert undetected.json()["error"]["status"] == 400


def test_a_container_is_updated_directly_and_moves_its_shipments(acme, globex, px):
    bag = ContainerFactory(organization=acme, name="Bag 7")
    inside = shipments.create_shipment(acme, Mode.TEST, {})
    inside.container = bag
    inside.save()
    # The shipment refuses its own move and points at the container ...
    refused = px.post(
        f"{BASE}/shipments/{inside.public_id}", {"tracking_update": {"status": "in_transit"}}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "update.disabled"
    # ... which takes it here, in the shipment's own words (tracking_update) or as its fields.
    moved = px.post(
        f"{BASE}/containers/{bag.public_id}",
        {"tracking_update": {"status": "in_transit", "comment": "Bag left the mailroom"}},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["data"]["id"] == bag.public_id and moved.json()["data"]["status"] == "in_transit"
    assert px.get(f"{BASE}/shipments/{inside.public_id}").json()["data"]["status"] == "in_transit"
    renamed = px.post(f"{BASE}/containers/{bag.public_id}", {"name": "Bag 8"}, format="json").json()["data"]
    assert renamed["name"] == "Bag 8" and px.get(f"{BASE}/containers/{bag.public_id}").json()["data"]["name"] == "Bag 8"
    # Refusals in PackageX's envelope; another organization's container does not exist.
    backwards = px.post(f"{BASE}/containers/{bag.public_id}", {"status": "pre_transit"}, format="json")
    assert backwards.status_code == 400 and backwards.json()["error"]["code"] == "invalid:status_transition"
    unknown = px.post(f"{BASE}/containers/{bag.public_id}", {"colour": "red"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["error"]["errors"] == ["colour"]
    twice = px.post(
        f"{BASE}/containers/{bag.public_id}",
        {"status": "in_transit", "tracking_update": {"status": "in_transit"}},
        format="json",
    )
    assert twice.status_code == 400
    other = ContainerFactory(organization=globex)
    assert px.post(f"{BASE}/containers/{other.public_id}", {"name": "x"}, format="json").status_code == 404
    assert px.get(f"{BASE}/containers/{other.public_id}").status_code == 404


def test_a_shipments_provider_is_named_provider_id_in_its_refusal(acme, px):
    shipment = shipments.create_shipment(acme, Mode.TEST, {})
    body = {"tracking_number": "PKGX-AAAAAAA-1234567", "provider_id": "nope"}
    refused = px.post(f"{BASE}/shipments/{shipment.public_id}", body, format="json")
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["errors"] == ["provider_id"]
    assert "`provider_id`" in error["message"] and "`courier`" not in error["message"]
    assert "/api/v1" not in error["message"]
