"""UPS Track API v1: request shapes, parsing of the documented trackResponse, errors, token cache."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from carriers import ups
from carriers.base import AuthenticationFailure, NotYetKnown, RateLimited
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from tests.httpserver import Canned

from . import documents as doc

TOKEN_PATH = "/security/v1/oauth/token"
TRACK_PATH = f"/api/track/v1/details/{doc.UPS_NUMBER}"
NOW = datetime(2026, 3, 5, 18, tzinfo=UTC)


def track():
    return ups.ADAPTER.track(doc.UPS_NUMBER, created_at=NOW, now=NOW)


def test_parses_the_documented_track_response():
    result = ups.parse_tracking(doc.UPS_TRACKING)
    label, pickup, departed, arrived, out = result.events
    assert (label.status, label.status_detail) == (Status.PRE_TRANSIT, Detail.LABEL_CREATED)
    assert (pickup.status, pickup.status_detail) == (Status.IN_TRANSIT, Detail.ACCEPTED)
    assert departed.status_detail == Detail.DEPARTED_FACILITY
    assert arrived.status_detail == Detail.ARRIVED_AT_FACILITY
    assert (result.status, result.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
    # Local times at the scan's zone: Toronto (UTC-5), Louisville (UTC-5), El Paso (Mountain, UTC-7).
    assert (pickup.city, pickup.state, pickup.postal_code, pickup.country) == ("Toronto", "ON", "M5V 2T6", "CA")
    assert pickup.time_zone == "America/Toronto"
    assert pickup.occurred_at == datetime(2026, 3, 3, 22, 15, tzinfo=UTC)
    assert departed.time_zone == "America/Kentucky/Louisville"
    assert departed.occurred_at == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)
    assert out.time_zone == "America/Denver"
    assert out.occurred_at == datetime(2026, 3, 5, 14, 45, 12, tzinfo=UTC)
    # No location on the label event: its zone is unknown, its time is read at the origin (Toronto).
    assert (label.time_zone, label.occurred_at) == (None, datetime(2026, 3, 3, 14, 0, tzinfo=UTC))
    # Scheduled delivery date with its end time, at the destination (El Paso).
    assert result.est_delivery_at == datetime(2026, 3, 6, 2, 0, tzinfo=UTC)


def test_gmt_fields_win_when_present():
    raw = dict(doc.UPS_ACTIVITY[0], gmtDate="20260305", gmtTime="14:45:12", gmtOffset="-07:00")
    assert ups.parse_activity(raw).occurred_at == datetime(2026, 3, 5, 14, 45, 12, tzinfo=UTC)
    raw = dict(doc.UPS_ACTIVITY[0], gmtOffset="-07:00")
    assert ups.parse_activity(raw).occurred_at == datetime(2026, 3, 5, 14, 45, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "code", "description", "status", "detail"),
    [
        ("M", "MP", "Shipper created a label", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
        ("MV", "", "Billing information voided", Status.CANCELED, Detail.CANCELED),
        ("P", "", "Pickup", Status.IN_TRANSIT, Detail.ACCEPTED),
        ("I", "", "On the way", Status.IN_TRANSIT, Detail.IN_TRANSIT),
        ("W", "", "Warehouse scan", Status.IN_TRANSIT, Detail.IN_TRANSIT),
        ("O", "", "Out for delivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
        ("D", "KB", "Delivered", Status.DELIVERED, Detail.DELIVERED),
        ("DO", "", "Delivered origin CFS", Status.DELIVERED, Detail.DELIVERED),
        ("DD", "", "Delivered destination CFS", Status.DELIVERED, Detail.DELIVERED),
        ("RS", "", "Returned to shipper", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
        ("X", "", "Recipient unavailable", Status.ERROR, Detail.CONTACT_PROVIDER),
        # codes refine in-transit types
        ("I", "OR", "Origin Scan", Status.IN_TRANSIT, Detail.ACCEPTED),
        ("P", "PU", "Pickup Scan", Status.IN_TRANSIT, Detail.ACCEPTED),
        ("I", "AR", "Arrival Scan", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
        ("I", "AF", "Arrived at Facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
        ("I", "DP", "Departure Scan", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
        ("I", "OT", "Out For Delivery Today", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
        ("I", "OF", "Loaded on Delivery Vehicle", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
        # exceptions speak in words
        ("X", "", "The package was damaged", Status.FAILURE, Detail.PACKAGE_DAMAGED),
        ("X", "", "The address is incomplete", Status.FAILURE, Detail.ADDRESS_ISSUE),
        ("X", "", "Returning to sender: refused", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
        ("X", "", "Delivery attempt made", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
        ("X", "SR", "Your package was released by the customs agency.", Status.IN_TRANSIT, Detail.IN_TRANSIT),
        ("X", "", "Weather delay", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
        ("??", "", "Unheard of", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ],
)
def test_status_map_rows(kind, code, description, status, detail):
    assert ups.map_activity({"type": kind, "code": code, "description": description}) == (status, detail)


def test_a_warning_only_response_is_not_yet_known():
    with pytest.raises(NotYetKnown, match="Tracking Information Not Found"):
        ups.parse_tracking(doc.UPS_NOT_FOUND_WARNING)


def test_configured_and_registered(ups_live):
    assert ups.configured() and get_courier("ups").adapter is ups.ADAPTER


def test_requests_follow_the_documentation_and_the_token_is_cached(ups_live):
    ups_live.add("POST", TOKEN_PATH, Canned(200, doc.UPS_TOKEN))
    ups_live.add("GET", TRACK_PATH, Canned(200, doc.UPS_TRACKING))
    first, _second = track(), track()
    assert first.status == Status.OUT_FOR_DELIVERY
    (token,) = ups_live.hits("POST", TOKEN_PATH)
    assert token.headers["Authorization"] == "Basic " + base64.b64encode(b"ups-id:ups-secret").decode()
    assert parse_qs(token.text) == {"grant_type": ["client_credentials"]}
    hits = ups_live.hits("GET", TRACK_PATH)
    assert len(hits) == 2
    assert all(h.headers["Authorization"] == "Bearer ups-token-1" for h in hits)
    assert all(h.headers["transactionSrc"] == ups.TRANSACTION_SOURCE for h in hits)
    assert hits[0].headers["transId"] != hits[1].headers["transId"]
    assert hits[0].query == {"locale": ["en_US"], "returnSignature": ["false"]}


def test_errors(ups_live):
    ups_live.add("POST", TOKEN_PATH, Canned(200, doc.UPS_TOKEN))
    ups_live.add(
        "GET",
        TRACK_PATH,
        Canned(404, doc.UPS_NOT_FOUND),
        Canned(429, {"response": {"errors": [{"code": "429"}]}}, {"Retry-After": "15"}),
        Canned(401, {"response": {"errors": [{"code": "250002", "message": "Invalid Authentication Information."}]}}),
    )
    with pytest.raises(NotYetKnown):
        track()
    with pytest.raises(RateLimited) as info:
        track()
    assert info.value.retry_after == 15
    with pytest.raises(AuthenticationFailure):
        track()  # cached token refused, a new one refused too
    assert len(ups_live.hits("POST", TOKEN_PATH)) == 2
