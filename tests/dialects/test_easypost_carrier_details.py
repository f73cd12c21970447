"""EasyPost's signed_by, weight (in ounces) and carrier_detail.service come from what the carrier gave."""

import pytest

from dialects.easypost.representation import ounces, tracker


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        ({"value": 2.0, "unit": "lb"}, 32.0),
        ({"value": 1.0, "unit": "KG"}, 35.27),
        ({"value": 500, "unit": "g"}, 17.64),
        ({"value": 3.5, "unit": "oz"}, 3.5),
        ({"value": 1.0, "unit": "stone"}, None),
        (None, None),
    ],
)
def test_weights_are_ounces(weight, expected):
    assert ounces(weight) == expected


def test_signer_weight_and_service_reach_the_easypost_tracker():
    native = {
        "id": "trk_x",
        "mode": "live",
        "tracking_number": "1234567890",
        "status": "delivered",
        "status_detail": "delivered",
        "courier": "dhl",
        "est_delivery_at": None,
        "signed_by": "J. SMITH",
        "weight": {"value": 1.5, "unit": "kg"},
        "service": "EXPRESS WORLDWIDE",
        "events": [],
        "public_url": "https://track.example.com/t/x/",
        "created_at": "2026-11-23T10:00:00Z",
        "updated_at": "2026-11-23T10:00:00Z",
    }
    doc = tracker(native)
    assert doc["signed_by"] == "J. SMITH" and doc["weight"] == 52.91
    assert doc["carrier_detail"]["service"] == "EXPRESS WORLDWIDE"
    assert tracker({**native, "signed_by": "", "weight": None, "service": ""})["signed_by"] is None


@pytest.mark.django_db(transaction=True)
def test_tracking_details_carry_what_the_carrier_said(settings, http_server, live_server, acme, acme_live_key):
    """A live DHL tracker, refreshed from a server shaped like DHL's documentation, read through
    the official client: each scan's DHL code, the estimate on the newest scan, where it began."""
    from easypost import EasyPostClient

    from accounts.models import Mode
    from tests.carriers import dhl_documents as doc
    from tests.httpserver import Canned
    from trackers import services
    from trackers.refresh import refresh_trackers

    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "dhl": {"base_url": http_server.url, "api_key": "k"}}
    settings.CARRIER_TIMEOUT = 10
    http_server.add("GET", "/track/shipments", Canned(200, doc.TRACKING_IN_TRANSIT))
    tracker = services.create_tracker(acme, Mode.LIVE, doc.DHL_NUMBER, "dhl", enqueue=False).tracker
    assert refresh_trackers([tracker]).events_added == len(doc.EVENTS_IN_TRANSIT)
    client = EasyPostClient(acme_live_key, api_base=live_server.url + "/easypost/v2")
    try:
        read = client.tracker.retrieve(tracker.public_id)
    finally:
        client._requests_session.close()
    assert read.carrier == "DHLExpress"
    details = read.tracking_details
    assert [d.carrier_code for d in details] == [e["statusCode"] for e in reversed(doc.EVENTS_IN_TRANSIT)]
    assert all(d.description is None for d in details)  # DHL's description is already the message
    assert read.est_delivery_date and details[-1].est_delivery_date == read.est_delivery_date
    assert all(d.est_delivery_date is None for d in details[:-1])
    first_placed = next(d for d in details if d.tracking_location.city)
    origin = read.carrier_detail.origin_tracking_location
    assert origin.city == first_placed.tracking_location.city
    assert read.carrier_detail.origin_location.startswith(first_placed.tracking_location.city.upper())
    assert read.carrier_detail.destination_location is None  # not delivered yet
