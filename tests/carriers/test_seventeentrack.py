"""17TRACK (the aggregator) against the local server: documented shapes, errors, routing, detection."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import Mode
from carriers import seventeentrack as agg
from carriers.base import NO_DETAILS, AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from core.errors import ServiceError
from tests.httpserver import Canned
from trackers import services
from trackers.models import TrackingEvent
from trackers.refresh import refresh_trackers

from . import seventeentrack_documents as doc

INFO = "/track/v2.2/gettrackinfo"
REGISTER = "/track/v2.2/register"
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)


def fetch(key=doc.YANWEN):
    return agg.Adapter("yanwen", key).track(doc.NUMBER, created_at=NOW, now=NOW)


def test_in_transit_with_zones_and_a_timestamp_without_offset():
    result = agg.parse_tracking(doc.IN_TRANSIT["data"]["accepted"][0])
    received, pickup, departed, arrived, out = result.events
    assert (result.status, result.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
    assert (received.status, received.time_zone) == (Status.PRE_TRANSIT, None)
    assert received.occurred_at == datetime(2026, 3, 4, 5, 0, tzinfo=UTC)  # no place, no offset: UTC
    # time_raw without an offset is the local time of Shenzhen (UTC+8).
    assert (pickup.city, pickup.country, pickup.time_zone) == ("Shenzhen", "CN", "Asia/Shanghai")
    assert pickup.occurred_at == datetime(2026, 3, 4, 7, 20, tzinfo=UTC)
    assert (pickup.status_detail, departed.status_detail) == (Detail.ACCEPTED, Detail.DEPARTED_FACILITY)
    assert departed.occurred_at == datetime(2026, 3, 5, 15, 50, tzinfo=UTC)
    assert (arrived.time_zone, arrived.occurred_at) == ("Europe/Madrid", datetime(2026, 3, 8, 21, 10, tzinfo=UTC))
    assert (out.time_zone, out.occurred_at) == ("Europe/Madrid", datetime(2026, 3, 10, 7, 30, tzinfo=UTC))
    assert result.est_delivery_at == datetime(2026, 3, 11, tzinfo=UTC)
    assert (result.weight, result.weight_unit, result.service) == (0.35, "kg", "Yanwen Special Line - Tracked")


def test_delivered_and_returned():
    done = agg.parse_tracking(doc.delivered()["data"]["accepted"][0])
    assert (done.status, done.status_detail, done.est_delivery_at) == (Status.DELIVERED, Detail.DELIVERED, None)
    back = agg.parse_tracking(doc.returned()["data"]["accepted"][0])
    assert (back.status, back.status_detail) == (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER)


SUB_ROWS = [
    ("NotFound_Other", Status.UNKNOWN, Detail.NOT_FOUND_YET),
    ("NotFound_InvalidCode", Status.UNKNOWN, Detail.NOT_FOUND_YET),
    ("InfoReceived", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("InTransit_PickedUp", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("InTransit_Other", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("InTransit_Departure", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("InTransit_Arrival", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("InTransit_CustomsProcessing", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("InTransit_CustomsReleased", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("InTransit_CustomsRequiringInformation", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("Expired_Other", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("AvailableForPickup_Other", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("OutForDelivery_Other", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("DeliveryFailure_Other", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("DeliveryFailure_NoBody", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("DeliveryFailure_Security", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("DeliveryFailure_Rejected", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("DeliveryFailure_InvalidAddress", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("Delivered_Other", Status.DELIVERED, Detail.DELIVERED),
    ("Exception_Other", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("Exception_Returning", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("Exception_Returned", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("Exception_NoBody", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("Exception_Security", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("Exception_Damage", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("Exception_Rejected", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("Exception_Delayed", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("Exception_Lost", Status.FAILURE, Detail.PACKAGE_LOST),
    ("Exception_Destroyed", Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    ("Exception_Cancel", Status.CANCELED, Detail.CANCELED),
]
STAGE_ROWS = [
    ("NotFound", Status.UNKNOWN, Detail.NOT_FOUND_YET),
    ("InfoReceived", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("InTransit", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("PickedUp", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("Departure", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("Arrival", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("Expired", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("AvailableForPickup", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("OutForDelivery", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("DeliveryFailure", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("Delivered", Status.DELIVERED, Detail.DELIVERED),
    ("Exception", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("Returning", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("Returned", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
]


@pytest.mark.parametrize(("sub_status", "status", "detail"), SUB_ROWS)
def test_sub_status_rows(sub_status, status, detail):
    assert agg.map_status(sub_status) == (status, detail)


@pytest.mark.parametrize(("stage", "status", "detail"), STAGE_ROWS)
def test_stage_rows(stage, status, detail):
    assert agg.map_status(None, stage) == (status, detail)


def test_every_row_is_tested_and_unknown_words_fall_back():
    assert set(agg.SUB_STATUSES) == {row[0] for row in SUB_ROWS}
    assert set(agg.STAGES) == {row[0] for row in STAGE_ROWS}
    assert agg.map_status("Delivered_Somehow") == (Status.DELIVERED, Detail.DELIVERED)  # by its main status
    assert agg.map_status("Martian") == (Status.IN_TRANSIT, Detail.STATUS_UPDATE)


def test_the_requests_follow_the_documentation(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(200, doc.IN_TRANSIT))
    assert fetch().status == Status.OUT_FOR_DELIVERY
    (hit,) = aggregator_live.hits("POST", INFO)
    assert hit.headers["17token"] == "17-key"
    assert json.loads(hit.body) == [{"number": doc.NUMBER, "carrier": doc.YANWEN}]
    assert aggregator_live.hits("POST", REGISTER) == []  # a known number costs no quota


def test_an_unregistered_number_is_registered_then_fetched(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(200, doc.NOT_REGISTERED), Canned(200, doc.IN_TRANSIT))
    aggregator_live.add("POST", REGISTER, Canned(200, doc.REGISTERED))
    assert len(fetch().events) == 5
    (register,) = aggregator_live.hits("POST", REGISTER)
    assert json.loads(register.body) == [{"number": doc.NUMBER, "carrier": doc.YANWEN}]
    assert len(aggregator_live.hits("POST", INFO)) == 2


def test_not_found_yet_keeps_polling(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(200, doc.NO_INFO_YET))
    with pytest.raises(NotYetKnown, match="No tracking information at this time"):
        fetch()
    with pytest.raises(NotYetKnown):
        agg.parse_tracking(doc.info([], "NotFound", "NotFound_Other")["data"]["accepted"][0])


def test_a_refused_key_is_an_authentication_failure(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(200, doc.BAD_KEY))
    with pytest.raises(AuthenticationFailure, match="Invalid access key") as info:
        fetch()
    assert info.value.retry_after >= 3600


def test_http_401_is_an_authentication_failure(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(401, {"code": 401, "data": {"message": "Unauthorized"}}))
    with pytest.raises(AuthenticationFailure):
        fetch()


def test_429_honours_retry_after(aggregator_live):
    aggregator_live.add("POST", INFO, Canned(429, {"code": 429, "data": {}}, {"Retry-After": "3"}))
    with pytest.raises(RateLimited) as info:
        fetch()
    assert info.value.retry_after == 3


def test_500_and_timeout_are_temporary(aggregator_live, settings):
    aggregator_live.add("POST", INFO, Canned(500, "Internal Server Error"))
    with pytest.raises(TemporaryFailure, match="500"):
        fetch()
    settings.CARRIER_TIMEOUT = 0.3
    aggregator_live.routes.clear()
    aggregator_live.add("POST", INFO, Canned(200, doc.IN_TRANSIT, delay=600))
    with pytest.raises(TemporaryFailure, match="did not answer in time"):
        fetch()


def test_malformed_json_is_temporary_and_logged(aggregator_live, caplog):
    aggregator_live.add(
        "POST", INFO, Canned(200, '{"code": 0, "data": {"accepted": [{', {"Content-Type": "application/json"})
    )
    with caplog.at_level(logging.WARNING, logger="carriers.http"), pytest.raises(TemporaryFailure):
        fetch()
    assert '{"code": 0, "data": {"accepted": [{' in caplog.text


def test_a_live_courier_without_a_direct_adapter_goes_through_the_aggregator(acme, aggregator_live):
    aggregator_live.add("POST", INFO, Canned(200, doc.IN_TRANSIT), Canned(200, doc.delivered()))
    yanwen = get_courier("yanwen")
    assert yanwen.direct_adapter is None and yanwen.through == "17track"
    with time_machine.travel(NOW, tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.LIVE, doc.NUMBER, "yanwen").tracker
        refresh_trackers([tracker])
        clock.shift(3 * 3600)
        refresh_trackers([tracker])
        tracker.refresh_from_db()
    assert (tracker.status, tracker.status_detail) == (Status.DELIVERED, Detail.DELIVERED)
    assert TrackingEvent.objects.filter(tracker=tracker).count() == 6
    assert tracker.service == "Yanwen Special Line - Tracked"


def test_a_configured_direct_adapter_wins_over_the_aggregator(aggregator_live, dhl_live):
    assert get_courier("dhl").through == "direct"
    assert get_courier("royal-mail").through == "17track"
    assert get_courier("sandbox").through == "direct"  # the sandbox is never aggregated


def test_an_undetectable_number_is_detected_through_the_aggregator_in_live_mode(acme, aggregator_live):
    unplaced = "QWRTX0003506539ZZ"  # no local rule places it
    accepted = {"origin": 1, "number": unplaced, "carrier": 190271, "email": None, "tag": None, "lang": None}
    aggregator_live.add("POST", REGISTER, Canned(200, doc.answer([accepted])))
    aggregator_live.add(
        "POST",
        INFO,
        Canned(200, doc.rejected(-18019902, "Please register first.", unplaced)),
        Canned(200, doc.info([], "NotFound", "NotFound_Other", unplaced, 190271)),
    )
    creation = services.create_tracker(acme, Mode.LIVE, unplaced)
    assert (creation.tracker.courier, creation.tracker.courier_detected) == ("cainiao", True)
    assert [c.courier for c in creation.candidates] == ["cainiao"]
    (hit,) = aggregator_live.hits("POST", REGISTER)
    assert json.loads(hit.body) == [{"number": unplaced}]  # no carrier: 17TRACK detects
    # The same number again: 17TRACK already follows it, so it names the carrier without a new
    # registration, and live deduplication returns the first tracker.
    again = services.create_tracker(acme, Mode.LIVE, unplaced)
    assert again.deduplicated and again.tracker.pk == creation.tracker.pk
    assert len(aggregator_live.hits("POST", REGISTER)) == 1


def test_a_courier_the_catalog_does_not_list_is_kept_as_other(acme, aggregator_live):
    accepted = {"origin": 1, "number": "ZX9988776655", "carrier": 987654, "email": None, "tag": None, "lang": None}
    aggregator_live.add("POST", INFO, Canned(200, doc.rejected(-18019902, "Please register first.")))
    aggregator_live.add("POST", REGISTER, Canned(200, doc.answer([accepted])))
    assert services.create_tracker(acme, Mode.LIVE, "ZX9988776655").tracker.courier == "other"


def test_detection_failures_refuse_the_number_clearly(acme, aggregator_live, settings):
    aggregator_live.add("POST", INFO, Canned(200, doc.rejected(-18019902, "Please register first.")))
    aggregator_live.add("POST", REGISTER, Canned(200, doc.rejected(-18019903, "The carrier cannot be detected.")))
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.LIVE, "QWRTX0003506539ZZ")
    assert info.value.code == "courier_not_detected"
    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "17track": {"base_url": "", "api_key": ""}}
    with pytest.raises(ServiceError):
        services.create_tracker(acme, Mode.LIVE, "QWRTX0003506539ZZ")
    assert len(aggregator_live.hits("POST", REGISTER)) == 1  # unconfigured: never asked


def test_a_failed_register_call_leaves_the_known_numbers_answered(aggregator_live):
    known, unknown = doc.NUMBER, "UG999999999YW"
    first = doc.answer([doc.tracked(known)], [doc.refusal(unknown, doc.NOT_REGISTERED_CODE, "Register first.")])
    aggregator_live.add("POST", "/track/v2.2/gettrackinfo", Canned(200, first))
    aggregator_live.add("POST", "/track/v2.2/register", Canned(503, {"message": "down"}))
    answers = agg.fetch_many([(known, doc.YANWEN, NO_DETAILS), (unknown, doc.YANWEN, NO_DETAILS)])
    assert answers[known].status == Status.OUT_FOR_DELIVERY
    assert isinstance(answers[unknown], TemporaryFailure)
    body = json.loads(aggregator_live.hits("POST", "/track/v2.2/gettrackinfo")[0].body)
    assert body == [{"number": known, "carrier": doc.YANWEN}, {"number": unknown, "carrier": doc.YANWEN}]
