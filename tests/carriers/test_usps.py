"""USPS Tracking API v3: request shapes, parsing of documented responses, errors, token caching."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from carriers import usps
from carriers.base import AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from tests.httpserver import Canned

from . import documents as doc

TOKEN_PATH = "/oauth2/v3/token"
TRACK_PATH = f"/tracking/v3/tracking/{doc.USPS_NUMBER}"
NOW = datetime(2026, 2, 27, 15, tzinfo=UTC)


def track(number: str = doc.USPS_NUMBER):
    return usps.ADAPTER.track(number, created_at=NOW, now=NOW)


def serve(server, *answers: Canned) -> None:
    server.add("POST", TOKEN_PATH, Canned(200, doc.USPS_TOKEN))
    server.add("GET", f"/tracking/v3/tracking/{doc.USPS_NUMBER}", *answers)


# --- parsing the documented response ------------------------------------------------------------


def test_parses_the_documented_tracking_details():
    result = usps.parse_tracking(doc.USPS_TRACKING_IN_TRANSIT)
    assert [e.status_detail for e in result.events] == [
        Detail.LABEL_CREATED,
        Detail.ACCEPTED,
        Detail.ARRIVED_AT_FACILITY,
        Detail.DEPARTED_FACILITY,
        Detail.IN_TRANSIT,
        Detail.ARRIVED_AT_FACILITY,
        Detail.ARRIVED_AT_DESTINATION,
        Detail.OUT_FOR_DELIVERY,
    ]  # oldest first, although USPS lists newest first
    assert (result.status, result.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
    # expectedDeliveryTimeStamp is local time at the destination (Pensacola: Central, UTC-6).
    assert result.est_delivery_at == datetime(2026, 2, 28, 2, 0, tzinfo=UTC)


def test_event_times_and_zones():
    events = usps.parse_tracking(doc.USPS_TRACKING_IN_TRANSIT).events
    label, _accepted, origin, departed, transit, mobile, post_office, out = events
    # GMTTimestamp is taken as the truth.
    assert label.occurred_at == datetime(2026, 2, 23, 17, 15, 12, tzinfo=UTC)
    assert (label.city, label.state, label.postal_code, label.country) == ("SEATTLE", "WA", "98101", "US")
    assert label.time_zone == "America/Los_Angeles"
    assert label.message == "Shipping Label Created, USPS Awaiting Item"
    # A plant scan names its state inside the city.
    assert (origin.state, origin.time_zone) == ("WA", "America/Los_Angeles")
    assert departed.occurred_at == datetime(2026, 2, 24, 10, 48, 19, tzinfo=UTC)
    assert (mobile.state, mobile.time_zone) == ("AL", "America/Chicago")
    # No location: the time is still exact, the zone is unknown.
    assert transit.occurred_at == datetime(2026, 2, 25, 17, 20, 5, tzinfo=UTC)
    assert (transit.city, transit.country, transit.time_zone) == ("", "", None)
    # No GMTTimestamp: eventTimestamp with GMTOffset.
    assert post_office.occurred_at == datetime(2026, 2, 27, 11, 12, tzinfo=UTC)
    # Neither: eventTimestamp at the zone resolved from the location (Florida panhandle: Central).
    assert out.time_zone == "America/Chicago"
    assert out.occurred_at == datetime(2026, 2, 27, 13, 40, tzinfo=UTC)
    assert out.raw["eventCode"] == "OF"


def test_a_delivered_parcel_has_no_estimate():
    result = usps.parse_tracking(doc.usps_delivered())
    assert (result.status, result.status_detail) == (Status.DELIVERED, Detail.DELIVERED)
    assert result.est_delivery_at is None
    assert result.events[-1].occurred_at == datetime(2026, 2, 27, 19, 2, 33, tzinfo=UTC)


def test_the_same_response_gives_the_same_fingerprints():
    first = [e.fingerprint for e in usps.parse_tracking(doc.USPS_TRACKING_IN_TRANSIT).events]
    second = [e.fingerprint for e in usps.parse_tracking(doc.usps_delivered()).events]
    assert len(set(first)) == len(first)
    assert set(first) < set(second)


def test_predicted_delivery_date_uses_the_window_end():
    data = dict(doc.USPS_TRACKING_IN_TRANSIT, expectedDeliveryTimeStamp=None)
    data.update(predictedDeliveryDate="2026-02-28", predictedDeliveryWindowEndTime="14:30")
    assert usps.parse_tracking(data).est_delivery_at == datetime(2026, 2, 28, 20, 30, tzinfo=UTC)
    data["predictedDeliveryWindowEndTime"] = None  # a bare date: the end of the delivery day
    assert usps.parse_tracking(data).est_delivery_at == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def test_no_events_is_not_yet_known():
    with pytest.raises(NotYetKnown):
        usps.parse_tracking({"trackingNumber": doc.USPS_NUMBER, "trackingEvents": []})
    with pytest.raises(NotYetKnown):
        usps.parse_tracking(doc.USPS_ERROR_NOT_FOUND)


# Every row of the status map, written out independently of the adapter's table.
STATUS_ROWS = [
    ("GX", "Shipping Label Created, USPS Awaiting Item", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("MA", "Pre-Shipment Info Sent to USPS", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("03", "USPS in possession of item", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("10", "Arrived at USPS Regional Origin Facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("A1", "Arrived at USPS Regional Facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("T1", "Departed USPS Regional Facility", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("SF", "Departed Post Office", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("TL", "In Transit to Next Facility", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("NT", "In Transit, Arriving Late", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("06", "Forwarded", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("08", "Missent", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("15", "Mis-shipped", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("07", "Arrived at Post Office", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("PC", "Sorting Complete", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("OF", "Out for Delivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("02", "Notice Left", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("51", "Business Closed", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("52", "Notice Left (Receptacle Full/Item Oversized)", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("53", "Receptacle Blocked", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("54", "No Authorized Recipient Available", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("55", "Delivery Attempted - No Access to Delivery Location", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("56", "Delivery Attempted - No Secure Location Available", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("14", "Arrival at Pickup Point", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("16", "Available for Pickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("01", "Delivered, In/At Mailbox", Status.DELIVERED, Detail.DELIVERED),
    ("17", "Picked Up by Agent", Status.DELIVERED, Detail.DELIVERED),
    ("43", "Picked Up", Status.DELIVERED, Detail.PICKED_UP),
    ("04", "Refused", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("09", "Return to Sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("24", "Forward Expired", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("27", "Unclaimed", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("28", "Deceased", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("29", "Return to Sender - Not Picked Up", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("44", "Customer Recall", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("05", "Undeliverable as Addressed", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("21", "No Such Number", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("22", "Insufficient Address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("23", "Moved, Left No Address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("25", "Addressee Unknown", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("26", "Vacant", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("11", "Dead Letter", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
]


@pytest.mark.parametrize(("code", "text", "status", "detail"), STATUS_ROWS)
def test_status_map_rows(code, text, status, detail):
    assert usps.map_event(code, text) == (status, detail)


def test_the_table_has_no_row_without_a_test():
    assert set(usps.EVENT_CODES) == {row[0] for row in STATUS_ROWS}
    vocabulary = {(s.value, d.value) for s in Status for d in Detail}
    assert all(pair in vocabulary for pair in usps.EVENT_CODES.values())


@pytest.mark.parametrize(
    ("text", "status", "detail"),
    [
        ("Delivered, Parcel Locker", Status.DELIVERED, Detail.DELIVERED),
        ("Picked Up at Post Office", Status.DELIVERED, Detail.PICKED_UP),
        ("Picked Up by Shipping Partner, USPS Awaiting Item", Status.IN_TRANSIT, Detail.ACCEPTED),
        ("Out for Delivery, Expected Delivery by 9:00pm", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
        ("Return to Sender Processed", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
        ("Damaged Item Processed", Status.FAILURE, Detail.PACKAGE_DAMAGED),
        ("Departed Shipping Partner Facility", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
        ("Something USPS invents next year", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ],
)
def test_unknown_codes_fall_back_on_the_event_words(text, status, detail):
    assert usps.map_event("ZZ", text) == (status, detail)


# --- configuration and requests -----------------------------------------------------------------


def test_configured_only_with_both_credentials(settings):
    base = {"base_url": "http://127.0.0.1:9"}
    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "usps": {**base, "client_id": "x", "client_secret": ""}}
    assert not usps.configured() and get_courier("usps").adapter is None
    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "usps": {**base, "client_id": "x", "client_secret": "y"}}
    assert usps.configured() and get_courier("usps").adapter is usps.ADAPTER


def test_requests_follow_the_documentation(usps_live):
    serve(usps_live, Canned(200, doc.USPS_TRACKING_IN_TRANSIT))
    track()
    (token,) = usps_live.hits("POST", TOKEN_PATH)
    form = parse_qs(token.text)
    assert token.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": ["usps-id"],
        "client_secret": ["usps-secret"],
        "scope": ["tracking"],
    }
    (hit,) = usps_live.hits("GET", TRACK_PATH)
    assert hit.query == {"expand": ["DETAIL"]}
    assert hit.headers["Authorization"] == "Bearer usps-token-1"


def test_one_token_request_for_two_tracks(usps_live):
    serve(usps_live, Canned(200, doc.USPS_TRACKING_IN_TRANSIT))
    track()
    track()
    assert len(usps_live.hits("POST", TOKEN_PATH)) == 1
    assert len(usps_live.hits("GET", TRACK_PATH)) == 2


def test_a_revoked_cached_token_is_replaced_once(usps_live):
    usps_live.add(
        "POST", TOKEN_PATH, Canned(200, doc.USPS_TOKEN), Canned(200, dict(doc.USPS_TOKEN, access_token="usps-token-2"))
    )
    usps_live.add(
        "GET",
        TRACK_PATH,
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
        Canned(401, doc.USPS_ERROR_UNAUTHORIZED),
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
    )
    track()
    track()  # cached token refused -> new token -> success
    assert len(usps_live.hits("POST", TOKEN_PATH)) == 2
    assert [h.headers["Authorization"] for h in usps_live.hits("GET", TRACK_PATH)] == [
        "Bearer usps-token-1",
        "Bearer usps-token-1",
        "Bearer usps-token-2",
    ]


# --- errors through the real local server -------------------------------------------------------


def test_401_with_a_fresh_token_is_an_authentication_failure(usps_live):
    serve(usps_live, Canned(401, doc.USPS_ERROR_UNAUTHORIZED))
    with pytest.raises(AuthenticationFailure):
        track()
    assert len(usps_live.hits("GET", TRACK_PATH)) == 1  # no retry loop with a token just issued


def test_bad_credentials_at_the_token_endpoint(usps_live):
    usps_live.add("POST", TOKEN_PATH, Canned(400, doc.OAUTH_INVALID_CLIENT))
    with pytest.raises(AuthenticationFailure, match="invalid_client"):
        track()
    assert usps_live.hits("GET", TRACK_PATH) == []


def test_404_is_not_yet_known(usps_live):
    serve(usps_live, Canned(404, doc.USPS_ERROR_NOT_FOUND))
    with pytest.raises(NotYetKnown):
        track()


def test_429_is_rate_limited_with_retry_after(usps_live):
    serve(usps_live, Canned(429, {"error": {"code": "429", "message": "Too Many Requests"}}, {"Retry-After": "90"}))
    with pytest.raises(RateLimited) as info:
        track()
    assert info.value.retry_after == 90


@pytest.mark.parametrize(
    "answer",
    [
        Canned(500, {"error": {"code": "500", "message": "Internal Server Error"}}),
        Canned(200, "{not json"),
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT, delay=600),
    ],
    ids=["500", "invalid-json", "timeout"],
)
def test_temporary_failures(usps_live, settings, answer):
    settings.CARRIER_TIMEOUT = 1  # the token request must still be answered in time
    serve(usps_live, answer)
    with pytest.raises(TemporaryFailure):
        track()
