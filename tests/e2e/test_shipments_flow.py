"""Browser test: create a shipment, update its status, see the history, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from shipments.models import Shipment
from tests.e2e.conftest import log_in
from tests.factories import LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_shipment_update_its_status_and_see_the_history(page, live_server, alice, acme, shot):
    LocationFactory(organization=acme, name="Main mailroom")
    log_in(page, live_server.url)

    page.get_by_role("link", name="Shipments").click()
    page.get_by_role("link", name="New shipment").first.click()
    page.get_by_label("Order number").fill("#E2E-1")
    page.get_by_label("Tracking number").fill("PKGX-AAAAAAA-E2ESHIP")
    page.get_by_role("button", name="Create shipment").click()
    page.wait_for_url("**/dashboard/shipments/shp_*/")
    assert page.get_by_text("created.").first.is_visible()
    shipment = Shipment.objects.get(order_number="#E2E-1")
    assert shipment.tracker is not None

    page.locator("#id_status").select_option("received")
    page.locator("#id_location_id").select_option(label="Main mailroom")
    page.locator("#id_comment").fill("Checked in at the desk")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("[data-shipment-status]")).to_have_text("Received at a location")

    page.locator("#id_status").select_option("delivered")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("[data-shipment-status]")).to_have_text("Delivered")
    page.locator("#id_status").select_option("in_transit")
    page.get_by_role("button", name="Save update").click()
    # A status the transition table refuses comes back on the form, in the form's own words.
    page.get_by_text("“In transit” does not usually follow “Delivered”").wait_for()
    page.wait_for_load_state("load")

    # Newest first: delivered, then the check-in (the sandbox tracker may have added pre-transit before).
    history = page.locator("[data-history] tbody tr")
    assert history.count() in (2, 3)
    assert "Delivered" in history.first.inner_text()
    assert "Checked in at the desk" in history.nth(1).inner_text()
    shot(page, "shipments-01-detail")

    page.get_by_role("link", name="Shipments", exact=True).first.click()
    page.wait_for_url("**/dashboard/shipments/")
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    assert "#E2E-1" in page.locator("table.table tbody tr").first.inner_text()
