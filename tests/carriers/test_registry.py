"""The courier catalog and how each courier is reached: data checks, the API listing, the dashboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import time_machine
from django.test import Client

from accounts.models import Mode
from carriers import registry
from carriers.catalog import COURIERS as ROWS
from carriers.registry import all_couriers, for_aggregator_key, get_courier
from tests.factories import TrackerFactory
from tests.httpserver import Canned
from trackers import services
from trackers.refresh import refresh_trackers

from . import dhl_documents as doc


def test_at_least_a_hundred_couriers_with_clean_data():
    couriers = all_couriers()
    assert len(couriers) >= 100
    codes = [c.code for c in couriers]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", code) for code in codes)
    names = [c.name for c in couriers]
    assert len(names) == len(set(names))
    for courier in couriers:
        for url in (courier.website, courier.tracking_url):
            if url:
                assert urlsplit(url).scheme in ("https", "http") and urlsplit(url).netloc, courier.code
        if courier.tracking_url:
            page = courier.tracking_page("AB123")
            assert "AB123" in page and "{" not in page, courier.code
    assert sum(1 for c in couriers if c.tracking_url) >= 80
    keys = [row[4] for row in ROWS if row[4] is not None]
    assert len(keys) == len(set(keys))


def test_every_direct_adapter_module_exists_and_is_listed():
    for code, module in registry.DIRECT_ADAPTERS.items():
        assert get_courier(code).adapter_module == module
    assert for_aggregator_key(100001).code == "dhl"
    assert for_aggregator_key(None) is None and for_aggregator_key(1) is None


def test_nothing_is_configured_without_credentials(settings):
    settings.CARRIER_SETTINGS = {}
    assert [c.code for c in all_couriers() if c.through] == ["sandbox"]
    assert get_courier("gls").adapter is None


def test_the_api_lists_how_each_courier_is_reached(live_api, dhl_live, aggregator_live):
    body = live_api.get("/api/v1/couriers").json()["data"]
    by_code = {c["code"]: c for c in body}
    assert len(body) >= 100
    assert by_code["dhl"] | {} == {
        "code": "dhl",
        "name": "DHL Express",
        "website": "https://www.dhl.com",
        "tracking_url_template": "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}",
        "adapter_configured": True,
        "configured_through": "direct",
        "direct_adapter": True,
    }
    assert (by_code["fedex"]["configured_through"], by_code["fedex"]["direct_adapter"]) == ("17track", True)
    assert (by_code["royal-mail"]["configured_through"], by_code["royal-mail"]["adapter_configured"]) == (
        "17track",
        True,
    )


def test_the_api_says_when_nothing_is_configured(live_api, settings):
    settings.CARRIER_SETTINGS = {}
    by_code = {c["code"]: c for c in live_api.get("/api/v1/couriers").json()["data"]}
    assert (by_code["gls"]["configured_through"], by_code["gls"]["adapter_configured"]) == (None, False)


def test_the_dashboard_lists_couriers_and_their_reach(alice, dhl_live, settings):
    client = Client()
    client.force_login(alice)
    page = client.get("/dashboard/couriers/").content.decode()
    assert "DHL Express" in page and "Own API" in page and "Not configured" in page
    assert "1 through their own API (DHL Express)" in page
    found = client.get("/dashboard/couriers/", {"q": "royal"}).content.decode()
    assert "Royal Mail" in found and "DHL Express" not in found


def test_the_tracker_page_shows_carrier_details_and_the_last_error_in_words(acme, alice):
    tracker = TrackerFactory(
        organization=acme,
        mode="live",
        courier="dhl",
        tracking_number="1234567890",
        signed_by="Jane Smith",
        weight=1.5,
        weight_unit="kg",
        service="EXPRESS WORLDWIDE",
        last_error="authentication_failure: DHL answered HTTP 401: Unauthorized",
    )
    client = Client()
    client.force_login(alice)
    client.post("/dashboard/switch/", {"mode": "live"})
    page = client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    for words in ("EXPRESS WORLDWIDE", "1.5 kg", "Jane Smith", "DHL answered HTTP 401", "tracking-id=1234567890"):
        assert words in page


def test_refused_credentials_show_on_the_couriers_page_until_a_refresh_succeeds(acme, alice, dhl_live):
    dhl_live.add(
        "GET",
        "/track/shipments",
        Canned(401, doc.UNAUTHORIZED),
        Canned(401, doc.UNAUTHORIZED),
        Canned(200, doc.TRACKING_IN_TRANSIT),
    )
    client = Client()
    client.force_login(alice)
    with time_machine.travel(datetime(2026, 3, 4, 12, tzinfo=UTC), tick=False):
        first = services.create_tracker(acme, Mode.LIVE, doc.DHL_NUMBER, "dhl").tracker
        second = services.create_tracker(acme, Mode.LIVE, "9876543210", "dhl").tracker
        refresh_trackers([first, second])
        page = client.get("/dashboard/couriers/").content.decode()
        assert "Credentials refused" in page and "DHL answered HTTP 401" in page
        refresh_trackers([first])
    assert "Credentials refused" not in client.get("/dashboard/couriers/").content.decode()
    assert len(dhl_live.hits("GET", "/track/shipments")) == 3
