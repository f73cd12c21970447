"""FedEx Track API v1 against the local server: OAuth, documented shapes, every error."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from carriers import fedex
from carriers.base import NO_DETAILS, AuthenticationFailure, NotYetKnown, RateLimited, TemporaryFailure
from carriers.http import RequestRejected
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from tests.httpserver import Canned

from . import fedex_documents as doc

TOKEN = "/oauth/token"
TRACK = "/track/v1/trackingnumbers"
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


def track():
    return fedex.ADAPTER.track(doc.FEDEX_NUMBER, created_at=NOW, now=NOW)


def test_in_transit():
    result = fedex.parse_tracking(doc.TRACKING_IN_TRANSIT)
    label, pickup, hub_in, hub_out, local, out = result.events
    assert (result.status, result.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
    assert (label.status, label.time_zone, label.city) == (Status.PRE_TRANSIT, None, "")
    assert label.occurred_at == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # the offset is FedEx's own
    assert (pickup.status_detail, pickup.time_zone) == (Detail.ACCEPTED, "America/Denver")
    assert (hub_in.city, hub_in.state, hub_in.postal_code, hub_in.country) == ("MEMPHIS", "TN", "38118", "US")
    assert hub_in.time_zone == "America/Chicago" and hub_out.status_detail == Detail.DEPARTED_FACILITY
    assert (local.time_zone, out.occurred_at) == ("America/Los_Angeles", datetime(2026, 3, 4, 16, 5, tzinfo=UTC))
    assert result.est_delivery_at == datetime(2026, 3, 5, 4, 0, tzinfo=UTC)
    assert (result.service, result.weight, result.weight_unit, result.signed_by) == ("FedEx 2Day", 4.5, "lb", "")


def test_delivered_with_signer():
    result = fedex.parse_tracking(doc.delivered())
    assert (result.status, result.status_detail, result.signed_by) == (Status.DELIVERED, Detail.DELIVERED, "K.NG")
    assert result.est_delivery_at is None
    assert result.events[-1].occurred_at == datetime(2026, 3, 4, 21, 2, tzinfo=UTC)


def test_exception():
    result = fedex.parse_tracking(doc.exception())
    assert (result.status, result.status_detail) == (Status.FAILURE, Detail.ADDRESS_ISSUE)
    assert (
        result.events[-1].message == "Delivery exception: Incorrect address - Street number not valid for street name"
    )


ROWS = [
    ("OC", "", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("IN", "", Status.PRE_TRANSIT, Detail.LABEL_CREATED),
    ("PU", "", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("PX", "", Status.IN_TRANSIT, Detail.ACCEPTED),
    ("AR", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("AF", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("OF", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("SF", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("AA", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("PL", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY),
    ("FD", "", Status.IN_TRANSIT, Detail.ARRIVED_AT_DESTINATION),
    ("DP", "", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("LO", "", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("PF", "", Status.IN_TRANSIT, Detail.DEPARTED_FACILITY),
    ("IT", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("IX", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("TR", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("CC", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("CP", "", Status.IN_TRANSIT, Detail.IN_TRANSIT),
    ("DY", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("DD", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("CD", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    ("OD", "", Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY),
    ("HL", "", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("HP", "", Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP),
    ("DL", "", Status.DELIVERED, Detail.DELIVERED),
    ("DE", "Customer not available or business closed", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("DE", "", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("SE", "", Status.ERROR, Detail.CONTACT_PROVIDER),
    ("RS", "", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("CA", "", Status.CANCELED, Detail.CANCELED),
    ("ZZ", "", Status.IN_TRANSIT, Detail.STATUS_UPDATE),
    # exceptions in words
    ("SE", "Package damaged", Status.FAILURE, Detail.PACKAGE_DAMAGED),
    ("DE", "Recipient refused package", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("SE", "Returning package to shipper", Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    ("DE", "Incorrect address", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("DE", "Address correction requested", Status.FAILURE, Detail.ADDRESS_ISSUE),
    ("SE", "Package lost", Status.FAILURE, Detail.PACKAGE_LOST),
    ("DE", "Customer not available", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    ("DE", "Business closed", Status.IN_TRANSIT, Detail.DELIVERY_ATTEMPTED),
    # words never change a code that is not an exception
    ("DL", "Left at front door, address confirmed", Status.DELIVERED, Detail.DELIVERED),
]


@pytest.mark.parametrize(("code", "words", "status", "detail"), ROWS)
def test_status_map_rows(code, words, status, detail):
    assert fedex.map_event(code, words) == (status, detail)


def test_every_row_of_the_tables_is_tested():
    assert set(fedex.EVENT_TYPES) <= {code for code, *_ in ROWS}
    for key, status, detail in fedex.EXCEPTION_KEYWORDS:
        assert any(key in words.lower() and (s, d) == (status, detail) for _c, words, s, d in ROWS), key


def test_configured_and_registered(fedex_live):
    assert fedex.configured() and get_courier("fedex").adapter is fedex.ADAPTER


def test_requests_follow_the_documentation_and_the_token_is_cached(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(200, doc.TRACKING_IN_TRANSIT))
    track(), track()
    (token,) = fedex_live.hits("POST", TOKEN)
    assert parse_qs(token.text) == {
        "grant_type": ["client_credentials"],
        "client_id": ["fedex-id"],
        "client_secret": ["fedex-secret"],
    }
    assert token.headers["Content-Type"] == "application/x-www-form-urlencoded"
    hits = fedex_live.hits("POST", TRACK)
    assert len(hits) == 2 and all(h.headers["Authorization"] == "Bearer fedex-token-1" for h in hits)
    assert hits[0].headers["Content-Type"] == "application/json"
    assert json.loads(hits[0].body) == {
        "includeDetailedScans": True,
        "trackingInfo": [{"trackingNumberInfo": {"trackingNumber": doc.FEDEX_NUMBER}}],
    }


def test_an_expired_token_is_refreshed_once(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN), Canned(200, doc.TOKEN_2))
    fedex_live.add(
        "POST",
        TRACK,
        Canned(200, doc.TRACKING_IN_TRANSIT),
        Canned(401, doc.EXPIRED),
        Canned(200, doc.delivered()),
    )
    track()
    assert track().signed_by == "K.NG"
    assert len(fedex_live.hits("POST", TOKEN)) == 2
    assert [h.headers["Authorization"] for h in fedex_live.hits("POST", TRACK)] == [
        "Bearer fedex-token-1",
        "Bearer fedex-token-1",
        "Bearer fedex-token-2",
    ]


def test_401_with_a_fresh_token_is_an_authentication_failure_that_backs_off(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(401, doc.UNAUTHORIZED))
    with pytest.raises(AuthenticationFailure, match=r"NOT\.AUTHORIZED\.ERROR") as info:
        track()
    assert info.value.retry_after >= 3600
    assert len(fedex_live.hits("POST", TRACK)) == 1  # a fresh token refused: no second call


def test_refused_credentials_at_the_token_endpoint(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(401, doc.UNAUTHORIZED))
    with pytest.raises(AuthenticationFailure):
        track()
    assert fedex_live.hits("POST", TRACK) == []


def test_not_found_inside_a_200_is_not_yet_known(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(200, doc.NOT_FOUND))
    with pytest.raises(NotYetKnown, match="cannot be found"):
        track()


def test_another_error_inside_a_200_is_a_rejected_request():
    body = doc._response({"error": {"code": "TRACKING.TRACKINGNUMBER.INVALID", "message": "Invalid number."}})
    with pytest.raises(RequestRejected, match="INVALID"):
        fedex.parse_tracking(body)


def test_429_honours_retry_after(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(429, doc.TOO_MANY, {"Retry-After": "90"}))
    with pytest.raises(RateLimited) as info:
        track()
    assert info.value.retry_after == 90


def test_500_is_temporary(fedex_live):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(500, doc.INTERNAL))
    with pytest.raises(TemporaryFailure, match=r"INTERNAL\.SERVER\.ERROR"):
        track()


def test_timeout_is_temporary(fedex_live, settings):
    settings.CARRIER_TIMEOUT = 1  # the token request before it must still be answered in time
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(200, doc.TRACKING_IN_TRANSIT, delay=600))
    with pytest.raises(TemporaryFailure, match="did not answer in time"):
        track()


def test_malformed_json_is_temporary_and_logs_an_excerpt(fedex_live, caplog):
    fedex_live.add("POST", TOKEN, Canned(200, doc.TOKEN))
    fedex_live.add("POST", TRACK, Canned(200, "<html>Service Unavailable</html>", {"Content-Type": "text/html"}))
    with caplog.at_level(logging.WARNING, logger="carriers.http"), pytest.raises(TemporaryFailure):
        track()
    assert "<html>Service Unavailable</html>" in caplog.text


def test_garbage_inside_valid_json_never_crashes():
    with pytest.raises(NotYetKnown):
        fedex.parse_tracking({"output": {"completeTrackResults": [{"trackResults": ["junk", None]}]}})
    with pytest.raises(NotYetKnown):
        fedex.parse_tracking([1, 2, 3])
    odd = doc._response({"scanEvents": [{"date": "soon"}, 7], "latestStatusDetail": {"code": "IT"}})
    assert fedex.parse_tracking(odd).events == []


def test_many_numbers_in_one_request_each_answered_apart():
    spec = fedex.tracking_many_request([("111", NO_DETAILS), ("222", NO_DETAILS)], {}, "t")
    assert [i["trackingNumberInfo"]["trackingNumber"] for i in spec["json"]["trackingInfo"]] == ["111", "222"]
    body = doc.responses(
        [doc.complete("111"), doc.complete("222", doc.number_error("222", "TRACKING.TRACKINGNUMBER.INVALID", "no"))]
    )
    answers = fedex.parse_many(body, ["111", "222", "333"])
    assert answers["111"].status == Status.OUT_FOR_DELIVERY
    assert isinstance(answers["222"], RequestRejected)
    assert isinstance(answers["333"], TemporaryFailure)  # left out of the answer: ask again later
