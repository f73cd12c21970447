"""Browser tests: the screens a support team and a recipient use fit 375 and 1280 px wide.

No page may scroll sideways (document.documentElement.scrollWidth within the viewport); the
tracker page folds long lists; the public page says what happens next in the recipient's language.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts import services as accounts
from carriers.statuses import Status
from tests.e2e.conftest import log_in
from tests.factories import TrackerFactory
from trackers import services
from webhooks.subscriptions import create_subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_load_state("load")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


@pytest.fixture
def busy_tracker(acme, settings):
    """A failed parcel with a long history of webhook events and deliveries, and a Spanish recipient."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    accounts.update_settings(
        acme,
        {"display_name": "Acme Outfitters", "support_email": "help@acme.example", "support_phone": "+34 912 345 678"},
    )
    create_subscription(acme, "test", {"url": "http://127.0.0.1:9/a-rather-long/webhook/endpoint/path?source=tracking"})
    tracker = TrackerFactory(
        organization=acme,
        tracking_number="PKGX-DDDDDDD-0000042",
        status=Status.FAILURE,
        status_detail="package_undeliverable",
        language="es",
    )
    for i in range(12):
        services.update_tracker(tracker, {"title": f"Trail backpack, 45 L, colour {i}"})
    return tracker


def test_the_tracker_page_fits_and_folds_its_long_lists(page, live_server, alice, busy_tracker, shot):
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboard/trackers/{busy_tracker.public_id}/")
    panel = page.locator("[data-tracker-webhooks]")
    # Five events in view, the rest and the deliveries folded away until asked for.
    expect(panel.locator("table").first.locator("tbody tr")).to_have_count(5)
    assert not panel.locator("details.fold").first.evaluate("d => d.open")
    for width in WIDTHS:
        fits(page, width)
        shot(page, f"support-tracker-{width}")
    for fold in panel.locator("details.fold").all():
        fold.locator("summary").click()
    expect(panel.locator(".fold-deliveries table tbody tr").first).to_be_visible()
    for width in WIDTHS:
        fits(page, width)
        # The When column of the deliveries is on screen, not behind a sideways scroll.
        when = panel.locator(".fold-deliveries time").first.bounding_box()
        assert when and when["x"] + when["width"] <= width
    shot(page, "support-tracker-open-375")


def test_the_public_page_of_a_failed_parcel_says_what_next_in_spanish(page, live_server, busy_tracker, shot):
    page.goto(f"{live_server.url}/t/{busy_tracker.public_token}/")
    help_card = page.locator("[data-next-step]")
    expect(help_card).to_contain_text("El transportista no pudo entregar este paquete")
    expect(help_card.locator('a[href="mailto:help@acme.example"]')).to_be_visible()
    number = page.locator(".pub-kicker .mono")
    for width in WIDTHS:
        fits(page, width)
        # The tracking number sits on one line: never broken mid-number.
        box = number.bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.pub-kicker .mono')).lineHeight)")
        assert box and box["height"] <= line * 1.5
        shot(page, f"support-public-es-{width}")
    page.goto(f"{live_server.url}/t/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("find that page")


def test_every_support_screen_fits_both_widths(page, live_server, alice, acme, busy_tracker, shot):
    log_in(page, live_server.url)
    paths = [
        "/dashboard/",
        "/dashboard/trackers/",
        "/dashboard/trackers/new/",
        "/dashboard/imports/new/",
        "/dashboard/shipments/",
        "/dashboard/shipments/new/",
        "/dashboard/locations/",
        "/dashboard/contacts/",
        "/dashboard/containers/",
        "/dashboard/webhooks/",
        "/dashboard/webhooks/deliveries/",
        "/dashboard/notifications/",
        "/dashboard/couriers/",
        "/dashboard/keys/",
        "/dashboard/settings/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        for width in WIDTHS:
            fits(page, width)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("button", name="Live").click()
    expect(page.locator("[data-live-start]")).to_be_visible()
    for width in WIDTHS:
        fits(page, width)
        shot(page, f"support-live-start-{width}")
