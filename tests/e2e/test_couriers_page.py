"""The couriers page and a live tracker's carrier details, in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import TrackerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_couriers_page_and_carrier_details(page, live_server, alice, acme, settings, shot):
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "dhl": {"base_url": "http://127.0.0.1:9", "api_key": "dhl-key"},
        "17track": {"base_url": "http://127.0.0.1:9", "api_key": "17-key"},
    }
    tracker = TrackerFactory(
        organization=acme,
        mode="live",
        courier="dhl",
        tracking_number="1234567890",
        status="delivered",
        status_detail="delivered",
        signed_by="Jane Smith",
        weight=1.5,
        weight_unit="kg",
        service="EXPRESS WORLDWIDE",
    )
    log_in(page, live_server.url)
    page.get_by_role("link", name="Couriers").click()
    page.wait_for_url("**/dashboard/couriers/")
    assert page.get_by_role("heading", name="Couriers", exact=True).is_visible()
    row = page.get_by_role("row").filter(has_text="DHL Express")
    assert "Own API" in row.inner_text()
    assert "Through 17TRACK" in page.get_by_role("row").filter(has_text="Royal Mail").inner_text()
    page.screenshot(path="screenshots/couriers-top.png")  # the first screen, as a person sees it
    shot(page, "couriers")
    page.get_by_label("Find a courier").fill("post")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/dashboard/couriers/\?q=post$"))
    page.wait_for_load_state("load")
    assert "Royal Mail" not in page.content() and "Australia Post" in page.content()

    page.get_by_role("button", name="Live").click()
    expect(page.get_by_role("button", name="Live")).to_have_attribute("aria-pressed", "true")
    page.goto(f"{live_server.url}/dashboard/trackers/{tracker.public_id}/")
    details = page.locator("dl.facts").inner_text()
    assert "Jane Smith" in details and "1.5 kg" in details and "EXPRESS WORLDWIDE" in details
    shot(page, "tracker-carrier-details")
