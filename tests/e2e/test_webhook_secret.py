"""A dashboard-made webhook in real Chromium: signed by default, its secret shown once with a copy
button, the format chosen in the form, and the pages fit at 375 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from standardwebhooks import Webhook

from tests.e2e.conftest import log_in
from webhooks import sending
from webhooks.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_new_endpoint_gets_a_secret_shown_once_and_deliveries_verify(
    page, live_server, alice, acme, http_server, shot
):
    log_in(page, live_server.url)
    page.goto(live_server.url + "/dashboard/webhooks/new/")
    page.get_by_label("Endpoint URL").fill(http_server.url + "/hooks")
    page.get_by_label("Format").select_option("packagex")
    page.get_by_role("button", name="Create endpoint").click()
    expect(page.get_by_role("heading", name="Your signing secret")).to_be_visible()
    secret = page.get_by_label("Signing secret", exact=True).input_value()
    assert secret.startswith("whsec_") and Subscription.objects.get().secret == secret
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    assert fits(page)
    shot(page, "webhook-secret-once")
    page.get_by_role("button", name="Send test").first.click()
    expect(page.get_by_text("Test event delivered")).to_be_visible()
    (received,) = http_server.requests
    assert Webhook(secret).verify(received.body, received.headers)["type"] == "webhook.test"
    page.reload()
    expect(page.get_by_role("heading", name="Your signing secret")).to_have_count(0)
    assert secret not in page.content()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/dashboard/webhooks/")
        expect(page.get_by_role("cell", name="packagex")).to_be_visible()
        assert fits(page), f"the webhooks list overflows at {width} px"
        page.goto(live_server.url + "/dashboard/webhooks/deliveries/")
        expect(page.get_by_text("packagex format")).to_be_visible()
        assert fits(page), f"the delivery log overflows at {width} px"
    sending._pools.clear()
