"""Hostile input through every dialect door answers a clear 4xx in the dialect's shape, never a 500:
instants a database cannot hold, ids written with non-ASCII digits."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.errors import FieldError, ServiceError
from dialects.easypost import easypost_error
from shipments import services as shipments
from tests.api.conftest import make_tracker
from webhooks.subscriptions import create_subscription

# Each is well formed enough to tempt a parser and impossible for the database: an offset beyond
# ±15:59, a month 13, an instant before year 1 once converted to UTC.
BAD_INSTANTS = ["2026-01-01T10:00:00+20:00", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00+01:00"]


def client_with(**credentials) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.credentials(**credentials)
    return client


@pytest.mark.parametrize("name", ["start_datetime", "end_datetime"])
@pytest.mark.parametrize("value", BAD_INSTANTS)
def test_easypost_list_bounds_never_reach_the_database_unchecked(acme, acme_test_key, name, value):
    make_tracker(acme)
    easypost = client_with(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    response = easypost.get("/easypost/v2/trackers", {name: value})
    if value.endswith("+20:00"):  # a real instant: read in UTC
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        fields = [FieldError(e["field"], e["message"]) for e in error["errors"]]
        assert {"error": error} == easypost_error(ServiceError("invalid_parameter", error["message"], 400, fields))
        assert error["errors"][0]["field"] == name


@pytest.mark.parametrize("name", ["estimated_delivery_at", "pickup_at"])
def test_shipment_instants_are_stored_in_utc_whatever_the_offset(acme, api, name):
    created = api.post("/api/v1/shipments", {"order_number": "#1", name: "2026-01-01T10:00:00+20:00"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()[name] == "2025-12-31T14:00:00Z"


@pytest.mark.parametrize("value", [*BAD_INSTANTS[1:], 1e20])
@pytest.mark.parametrize("name", ["estimated_delivery_at", "pickup_at"])
def test_impossible_shipment_instants_are_a_400_on_every_door(acme, acme_test_key, name, value):
    native = client_with(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    created = native.post("/api/v1/shipments", {"order_number": "#1", name: value}, format="json")
    assert created.status_code == 400, created.content
    shipment = shipments.create_shipment(acme, "test", {"order_number": "#2"})
    patched = native.patch(f"/api/v1/shipments/{shipment.public_id}", {name: value}, format="json")
    assert patched.status_code == 400, patched.content
    packagex = client_with(HTTP_PX_API_KEY=acme_test_key)
    updated = packagex.post(f"/packagex/v1/shipments/{shipment.public_id}", {name: value}, format="json")
    assert updated.status_code == 400, updated.content
    assert "data" not in updated.json()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
@pytest.mark.parametrize("webhook_id", ["%C2%B9", "%E2%91%A0", "%D9%A1", "%EF%BC%91", "1" * 19])
def test_packy_webhook_ids_with_non_ascii_digits_are_not_found(acme, acme_test_key, method, webhook_id):
    create_subscription(acme, "test", {"url": "https://example.com/hook"}, dialect="packy")
    packy = client_with(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    response = getattr(packy, method)(f"/packy/v1/webhooks/{webhook_id}", {"enabled": False}, format="json")
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("value", ["¹", "١", "１"])
@pytest.mark.parametrize("name", ["page", "limit"])
def test_page_parameters_take_ascii_digits_only(acme, acme_test_key, name, value):
    packy = client_with(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    response = packy.get("/packy/v1/trackings", {name: value})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == f"invalid_{name}"
