"""EasyPost's tables as data: every catalog courier and every (status, status_detail) pair has an
EasyPost word, and the words come back to where they came from."""

from __future__ import annotations

import itertools
import re

import pytest

from carriers.catalog import COURIERS
from carriers.statuses import Detail, Status
from dialects.easypost import representation, tables
from dialects.easypost.webhooks import suppress
from events.models import Event

CATALOG = {row[0] for row in COURIERS}


def test_every_easypost_name_is_a_catalog_courier_and_comes_back_as_written():
    for name, code in tables.CARRIERS:
        assert code in CATALOG, name
        assert tables.courier_code(name) == code
        assert tables.courier_code(name.upper()) == code  # any case, as before
        written = tables.carrier_name(code)
        assert tables.courier_code(written) == code


def test_every_catalog_courier_has_an_easypost_name_that_maps_back():
    for code in CATALOG - {"sandbox"}:
        name = tables.carrier_name(code)
        assert re.fullmatch(r"[A-Za-z0-9]+", name), (code, name)  # EasyPost's manner: "CanadaPost", "DHLExpress"
        assert tables.courier_code(name) == code, (code, name)


def test_dhl_is_several_companies():
    names = {code: tables.carrier_name(code) for code in ("dhl", "dhl-ecommerce", "dhl-paket")}
    assert names == {"dhl": "DHLExpress", "dhl-ecommerce": "DhlEcs", "dhl-paket": "DHLPaket"}
    assert tables.courier_code("DHLGlobalMail") == "dhl-ecommerce"


def test_a_test_tracker_without_a_named_carrier_reads_usps():
    assert tables.carrier_name("sandbox") == "USPS"
    assert tables.courier_code("USPS") == "usps"


PAIRS = list(itertools.product([s.value for s in Status], ["", *(d.value for d in Detail)]))


@pytest.mark.parametrize(("status", "detail"), PAIRS)
def test_every_pair_lands_on_easyposts_lists(status, detail):
    assert tables.status_for(status) in {s.value for s in Status}
    assert tables.detail_for(status, detail) in tables.EASYPOST_DETAILS


def test_the_distinctions_easyposts_list_makes_are_kept():
    delivered = tables.detail_for(Status.DELIVERED, Detail.DELIVERED)
    picked_up = tables.detail_for(Status.DELIVERED, Detail.PICKED_UP)
    assert delivered == "arrived_at_destination" and picked_up != delivered
    assert tables.detail_for(Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION) == "received_at_destination_facility"
    assert tables.detail_for(Status.FAILURE, Detail.ADDRESS_ISSUE) == "address_correction"
    assert tables.detail_for(Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED) == "delivery_exception"
    assert tables.detail_for(Status.FAILURE, Detail.DELIVERY_ATTEMPTED) == "failure"
    assert tables.detail_for(Status.UNKNOWN, Detail.NOT_FOUND_YET) == "awaiting_information"


def test_error_codes_are_easyposts_where_it_names_them():
    assert tables.error_code("parameter_required") == "PARAMETER.REQUIRED"
    assert tables.error_code("invalid_parameter") == "PARAMETER.INVALID"
    assert tables.error_code("not_found", "tracker_not_found") == "NOT_FOUND"
    assert tables.error_code("unauthorized", "api_key_missing") == "APIKEY.REQUIRED"
    assert tables.error_code("webhook_disabled") == "WEBHOOK_DISABLED"  # no EasyPost word: ours


NOW = {"object": "tracker", "status": "in_transit", "status_detail": "delivery_attempted", "courier": "usps"}


def test_previous_attributes_drop_what_reads_the_same_in_easyposts_words():
    # contact_provider and delivery_attempted are both EasyPost's delivery_exception while in transit.
    assert representation.previous_attributes({"status_detail": "contact_provider"}, NOW) == {}
    assert representation.previous_attributes({"status_detail": "in_transit"}, NOW) == {"status_detail": "in_transit"}
    changed = representation.previous_attributes(
        {"status": "pre_transit", "status_detail": "label_created", "last_event_at": "x", "delivered_at": None}, NOW
    )
    assert changed == {"status": "pre_transit", "status_detail": "label_created"}
    renamed = representation.previous_attributes({"courier": "dhl", "est_delivery_at": "2026-12-01T10:00:00.5Z"}, NOW)
    assert renamed == {"carrier": "DHLExpress", "est_delivery_date": "2026-12-01T10:00:00Z"}


@pytest.mark.parametrize(
    ("type_", "previous", "suppressed"),
    [
        ("tracker.updated", {"metadata": {}}, True),
        ("tracker.updated", {"active": True}, True),
        ("tracker.updated", {"delivered_at": None}, True),
        ("tracker.updated", {"status_detail": "contact_provider"}, True),
        ("tracker.updated", {"last_event_at": "2026-12-01T10:00:00Z"}, False),  # a new scan
        ("tracker.updated", {"status": "pre_transit"}, False),
        ("tracker.created", {}, False),
    ],
)
def test_the_easypost_format_suppresses_updates_it_cannot_show(type_, previous, suppressed):
    assert suppress(Event(type=type_, data=NOW, previous_attributes=previous)) is suppressed


def test_times_are_whole_seconds_and_z_for_utc():
    assert representation.stamp("2026-12-05T00:41:56.123456+00:00") == "2026-12-05T00:41:56Z"
    assert representation.stamp("2026-12-05T00:41:56.9Z") == "2026-12-05T00:41:56Z"
    assert representation.stamp("2026-12-04T19:41:56.5-05:00", local=True) == "2026-12-04T19:41:56-05:00"
    assert representation.stamp("2026-12-04T19:41:56-05:00") == "2026-12-05T00:41:56Z"
    assert representation.stamp(None) is None
