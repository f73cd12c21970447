"""Browser test: the notifications page's preview renders the real email in its sandboxed frame."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from notifications.models import MessageTemplate
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_preview_and_save_the_wording(page, live_server, alice, acme, shot):
    acme.display_name, acme.brand_color = "Acme Outfitters", "#0f766e"
    acme.save()
    log_in(page, live_server.url)
    page.get_by_role("link", name="Notifications").click()
    frame = page.frame_locator("iframe[title='Email preview']")
    expect(frame.get_by_text("Out for delivery", exact=True)).to_be_visible()
    expect(frame.get_by_role("link", name="Track your parcel")).to_be_visible()

    page.get_by_role("link", name="Español").click()
    page.get_by_label("Opening paragraph").fill("¡Hola {name}! {headline}")
    page.get_by_role("button", name="Preview").click()
    expect(frame.get_by_text("¡Hola Karen Ng! Tu paquete está en reparto.")).to_be_visible()
    assert not MessageTemplate.objects.exists()  # a preview saves nothing
    shot(page, "notifications-preview")

    page.get_by_role("button", name="Save template").click()
    page.wait_for_url("**/dashboard/notifications/?channel=email&language=es")
    expect(page.get_by_text("Template saved; the next messages use it.")).to_be_visible()
    assert MessageTemplate.objects.get().body == "¡Hola {name}! {headline}"

    page.get_by_role("link", name="SMS").click()  # still in Spanish: the default Spanish SMS
    expect(page.locator("[data-preview-sms]")).to_contain_text("Acme Outfitters: Tu paquete esta en reparto. https://")
