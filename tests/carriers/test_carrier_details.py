"""What the tracker knows that carriers need (its language, ship date, postal code, destination
country) reaches the adapters whose APIs take it: the DHL request in the tracker's language, a
Tracktry customer's `lang` and `tracking_postal_code` among them."""

from __future__ import annotations

from datetime import date

from rest_framework.test import APIClient

from carriers import dhl, fedex, seventeentrack, ups, usps
from carriers.base import NO_DETAILS, Details
from tests.httpserver import Canned

from . import dhl_documents as doc

PATH = "/track/shipments"
GERMAN = Details(language="de", ship_date=date(2026, 4, 1), postal_code="53113", destination_country="DE")


def test_a_tracktry_realtime_read_asks_dhl_in_the_trackers_language(acme_live_key, dhl_live):
    dhl_live.add("GET", PATH, Canned(200, doc.TRACKING_IN_TRANSIT))
    client = APIClient()
    client.credentials(HTTP_TRACKTRY_API_KEY=acme_live_key)
    body = {"tracking_number": doc.DHL_NUMBER, "carrier_code": "dhl", "lang": "de", "tracking_postal_code": "53113"}
    response = client.post("/tracktry/v1/trackings/realtime", body, format="json")
    assert response.status_code == 200, response.json()
    (hit,) = dhl_live.hits("GET", PATH)
    assert hit.query == {"trackingNumber": [doc.DHL_NUMBER], "language": ["de"], "recipientPostalCode": ["53113"]}


def test_dhl_asks_in_english_when_the_tracker_has_no_language():
    assert dhl.tracking_request("1", {}, NO_DETAILS)["params"] == {"trackingNumber": "1", "language": "en"}
    assert dhl.tracking_request("1", {}, Details(language="FR"))["params"]["language"] == "fr"


def test_ups_and_fedex_take_the_locale_fedex_the_ship_date_usps_the_zip_and_mailing_date():
    assert ups.tracking_request("1Z", {}, "t", details=GERMAN)["params"]["locale"] == "de_DE"
    assert ups.tracking_request("1Z", {}, "t")["params"]["locale"] == "en_US"
    assert ups.tracking_request("1Z", {}, "t", details=Details(language="pt-BR"))["params"]["locale"] == "pt_BR"
    spec = fedex.tracking_request("1", {}, "t", details=GERMAN)
    assert spec["headers"]["X-locale"] == "de_DE"
    assert spec["json"]["trackingInfo"][0]["shipDateBegin"] == "2026-04-01"
    assert "shipDateBegin" not in fedex.tracking_request("1", {}, "t")["json"]["trackingInfo"][0]
    us = Details(postal_code="10001", ship_date=date(2026, 4, 1))
    assert usps.tracking_request("9", {}, "t", details=us)["params"] == {
        "expand": "DETAIL",
        "destinationZIPCode": "10001",
        "mailingDate": "2026-04-01",
    }
    assert "destinationZIPCode" not in usps.tracking_request("9", {}, "t", details=GERMAN)["params"]  # not a ZIP code
    assert Details(language="xx").locale() == "en_US"


def test_the_aggregator_registers_a_number_in_the_trackers_language():
    item = seventeentrack.register_request("RR1", 3011, {}, Details(language="DE"))["json"][0]
    assert item == {"number": "RR1", "carrier": 3011, "lang": "de"}
    assert "lang" not in seventeentrack.register_request("RR1", None, {})["json"][0]
