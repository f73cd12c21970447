"""DHL Shipment Tracking - Unified API against the local server: documented shapes, every error."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from carriers import dhl
from carriers.base import AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from tests.httpserver import Canned

from . import dhl_documents as doc

PATH = "/track/shipments"
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


def track():
    return dhl.ADAPTER.track(doc.DHL_NUMBER, created_at=NOW, now=NOW)


def test_in_transit_with_local_times_and_zones():
    result = dhl.parse_tracking(doc.TRACKING_IN_TRANSIT)
    info, pickup, left_hk, processed, left_lej, arrived, courier = result.events
    assert (result.status, result.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
    assert (info.status, info.status_detail) == (Status.PRE_TRANSIT, Detail.LABEL_CREATED)
    # No location: the zone is unknown and the time is read as UTC.
    assert (info.time_zone, info.occurred_at) == (None, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    # Express times carry no offset: local time at the scan's place.
    assert (pickup.city, pickup.country, pickup.time_zone) == ("HONG KONG", "HK", "Asia/Hong_Kong")
    assert pickup.occurred_at == datetime(2026, 3, 2, 10, 2, tzinfo=UTC)  # UTC+8
    assert pickup.status_detail == Detail.ACCEPTED
    assert left_hk.status_detail == Detail.DEPARTED_FACILITY
    assert (processed.city, processed.country, processed.time_zone) == ("LEIPZIG", "DE", "Europe/Berlin")
    assert processed.occurred_at == datetime(2026, 3, 3, 13, 5, tzinfo=UTC)  # CET, UTC+1
    assert processed.status_detail == Detail.ARRIVED_AT_FACILITY
    assert left_lej.occurred_at == datetime(2026, 3, 3, 21, 15, tzinfo=UTC)
    assert arrived.status_detail == Detail.ARRIVED_AT_DESTINATION
    assert (courier.country, courier.time_zone) == ("GB", "Europe/London")
    assert courier.occurred_at == datetime(2026, 3, 4, 8, 12, tzinfo=UTC)  # GMT until late March
    assert courier.message == "With delivery courier"
    assert result.est_delivery_at == datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
    assert (result.service, result.weight, result.weight_unit, result.signed_by) == ("EXPRESS WORLDWIDE", 1.5, "kg", "")


def test_delivered_with_signer():
    result = dhl.parse_tracking(doc.delivered())
    assert (result.status, result.status_detail) == (Status.DELIVERED, Detail.DELIVERED)
    assert result.signed_by == "Jane Smith"
    assert result.est_delivery_at is None
    assert result.events[-1].occurred_at == datetime(2026, 3, 4, 13, 47, tzinfo=UTC)


def test_exception_with_offsets_and_street_addresses():
    result = dhl.parse_tracking(doc.exception())
    processed, failed = result.events
    assert (result.status, result.status_detail) == (Status.FAILURE, Detail.ADDRESS_ISSUE)
    assert (failed.city, failed.country, failed.time_zone) == ("München", "DE", "Europe/Berlin")
    assert failed.occurred_at == datetime(2026, 3, 5, 10, 20, tzinfo=UTC)  # the offset is taken as given
    assert processed.city == "Bonn"
    assert result.service == "DHL PAKET"


ROWS = [
    # the table of statusCode rows
    ("pre-transit", "", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("transit", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("delivered", "", Status.DELIVERED, Detail.DELIVERED),
    ("failure", "", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("unknown", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("something-new", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    # words refine them, one row per keyword
    ("transit", "Returned to shipper", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("failure", "Return to shipper requested", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("failure", "Returned to sender", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("transit", "Rücksendung eingeleitet", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("failure", "Shipment damaged", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("failure", "Shipment lost", Status.FAILURE, Detail.PACKAGE_LOST),
    ("failure", "Incorrect address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("transit", "Address information needed", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("transit", "Delivery attempted; recipient not home", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("transit", "Recipient not at home", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("transit", "With delivery courier", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("transit", "Out for delivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("transit", "Die Sendung wurde in das Zustellfahrzeug geladen", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("transit", "Awaiting collection by recipient", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("transit", "Ready for collection", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("transit", "Ready for pickup at ServicePoint", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("transit", "Available for pickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("transit", "Sendung abholbereit in der Filiale", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("pre-transit", "Shipment information received", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("transit", "Shipment picked up", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("transit", "Departed Facility in LEIPZIG", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("transit", "Arrived at DHL Delivery Facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("transit", "Arrived at Sort Facility", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("transit", "Processed at LEIPZIG", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    # delivered stays delivered, whatever else the words say; collected means picked up
    ("delivered", "Delivered - Signed for by: J SMITH, address correct", Status.DELIVERED, Detail.DELIVERED),
    ("delivered", "Shipment collected by recipient", Status.DELIVERED, Detail.PICKED_UP),
    ("delivered", "Picked up by the recipient at the ServicePoint", Status.DELIVERED, Detail.PICKED_UP),
    ("delivered", "Die Sendung wurde abgeholt", Status.DELIVERED, Detail.PICKED_UP),
]


@pytest.mark.parametrize(("code", "words", "status", "detail"), ROWS)
def test_status_map_rows(code, words, status, detail):
    assert dhl.map_event(code, words) == (status, detail)


def test_every_status_code_and_keyword_has_a_row():
    assert set(dhl.STATUS_CODES) <= {code for code, *_ in ROWS}
    for key, status, detail in dhl.KEYWORDS:
        assert any(key in words.lower() and (s, d) == (status, detail) for _c, words, s, d in ROWS), key


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ({"addressLocality": "LEIPZIG - GERMANY"}, ("LEIPZIG", "", "", "DE")),
        ({"addressLocality": "CHICAGO, IL - USA"}, ("CHICAGO", "IL", "", "US")),
        ({"addressLocality": "CINCINNATI HUB - USA"}, ("CINCINNATI HUB", "", "", "US")),
        (
            {"countryCode": "NL", "postalCode": "1043 AG", "addressLocality": "Oderweg 2, AMSTERDAM"},
            ("AMSTERDAM", "", "1043 AG", "NL"),
        ),
        ({"countryCode": "DE", "addressLocality": "53113 Bonn"}, ("Bonn", "", "", "DE")),
        ({}, ("", "", "", "")),
    ],
)
def test_addresses(address, expected):
    assert dhl.place(address) == expected


def test_configured_by_the_api_key_alone(dhl_live, settings):
    assert dhl.configured() and get_courier("dhl").adapter is dhl.ADAPTER
    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "dhl": {"base_url": dhl_live.url, "api_key": ""}}
    assert not dhl.configured()


def test_the_request_follows_the_documentation(dhl_live):
    dhl_live.add("GET", PATH, Canned(200, doc.TRACKING_IN_TRANSIT))
    assert track().status == Status.OUT_FOR_DELIVERY
    (hit,) = dhl_live.hits("GET", PATH)
    assert hit.headers["DHL-API-Key"] == "dhl-key"
    assert hit.query == {"trackingNumber": [doc.DHL_NUMBER], "language": ["en"]}


def test_api_base_replaces_only_scheme_and_host(dhl_live, settings):
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "dhl": {"base_url": dhl_live.url + "/somewhere/else/", "api_key": "dhl-key"},
    }
    dhl_live.add("GET", PATH, Canned(200, doc.delivered()))
    assert track().signed_by == "Jane Smith"
    assert len(dhl_live.hits("GET", PATH)) == 1


def test_not_found_is_not_yet_known(dhl_live):
    dhl_live.add("GET", PATH, Canned(404, doc.NOT_FOUND, {"Content-Type": "application/problem+json"}))
    with pytest.raises(NotYetKnown, match="No shipment with given tracking number found"):
        track()


def test_an_empty_shipments_list_is_not_yet_known():
    with pytest.raises(NotYetKnown):
        dhl.parse_tracking({"shipments": []})


def test_401_is_an_authentication_failure_that_backs_off(dhl_live):
    dhl_live.add("GET", PATH, Canned(401, doc.UNAUTHORIZED))
    with pytest.raises(AuthenticationFailure) as info:
        track()
    assert info.value.retry_after >= 3600  # never retried hot
    assert len(dhl_live.hits("GET", PATH)) == 1  # an API key has nothing to refresh: one call


def test_429_honours_retry_after(dhl_live):
    dhl_live.add("GET", PATH, Canned(429, doc.TOO_MANY, {"Retry-After": "42"}))
    with pytest.raises(RateLimited) as info:
        track()
    assert info.value.retry_after == 42


def test_500_is_temporary(dhl_live):
    dhl_live.add("GET", PATH, Canned(500, doc.SERVER_ERROR))
    with pytest.raises(TemporaryFailure, match="500"):
        track()


def test_timeout_is_temporary(dhl_live, settings):
    settings.CARRIER_TIMEOUT = 0.3
    dhl_live.add("GET", PATH, Canned(200, doc.TRACKING_IN_TRANSIT, delay=600))
    with pytest.raises(TemporaryFailure, match="did not answer in time"):
        track()


def test_malformed_json_is_temporary_and_logs_an_excerpt(dhl_live, caplog):
    dhl_live.add(
        "GET",
        PATH,
        Canned(200, '{"shipments": [{"id": "1234567890", "events": [', {"Content-Type": "application/json"}),
    )
    with caplog.at_level(logging.WARNING, logger="carriers.http"), pytest.raises(TemporaryFailure):
        track()
    assert '{"shipments": [{"id": "1234567890"' in caplog.text


def test_garbage_inside_valid_json_never_crashes():
    body = {"shipments": [{"id": "1", "status": "odd", "events": [{"timestamp": "yesterday"}, "junk", None]}]}
    with pytest.raises(NotYetKnown):
        dhl.parse_tracking(body)
    assert (
        dhl.parse_tracking({"shipments": [{"status": {"statusCode": "transit"}, "details": {"weight": "x"}}]}).weight
        is None
    )
