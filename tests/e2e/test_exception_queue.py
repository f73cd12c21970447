"""Browser test: a support member works the exception queue, at 375 and 1280 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carriers.statuses import Status
from tests.e2e.conftest import log_in
from tests.factories import TrackerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_take_note_snooze_and_resolve_from_the_queue(page, live_server, alice, acme, shot):
    now = timezone.now()
    damaged = TrackerFactory(
        organization=acme,
        tracking_number="PKGX-DDDDDDD-0000101",
        status=Status.FAILURE,
        status_detail="package_damaged",
        last_event_at=now - timedelta(days=3),
        title="Ceramic mug set",
    )
    returned = TrackerFactory(
        organization=acme,
        tracking_number="PKGX-EEEEEEE-0000102",
        status=Status.RETURN_TO_SENDER,
        last_event_at=now - timedelta(hours=5),
    )
    log_in(page, live_server.url)
    summary = page.locator("[data-queue-summary]")
    expect(summary.locator('[data-count="open"]')).to_have_text("2")
    expect(summary.locator('[data-count="mine"]')).to_have_text("0")

    page.get_by_role("link", name="Queue", exact=True).click()
    page.wait_for_url("**/dashboard/queue/")
    rows = page.locator("[data-queue-row]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(damaged.tracking_number)  # oldest first
    for width in (375, 1280):
        fits(page, width)
        shot(page, f"queue-open-{width}")
    rows.first.get_by_role("button", name="Take").click()
    page.get_by_role("link", name="Assigned to me").click()
    expect(page.locator("[data-queue-row]")).to_have_count(1)
    expect(page.locator("[data-queue-row]").first).to_contain_text(damaged.tracking_number)
    for width in (375, 1280):
        fits(page, width)
        shot(page, f"queue-mine-{width}")

    page.locator("[data-queue-row]").first.get_by_role("link", name=damaged.tracking_number).click()
    case = page.locator("[data-case]")
    case.get_by_label("Internal note").fill("Customer wants a replacement")
    case.get_by_role("button", name="Add note").click()
    expect(page.locator("[data-case] .notes")).to_contain_text("Customer wants a replacement")
    for width in (375, 1280):
        fits(page, width)
        shot(page, f"queue-case-{width}")
    page.locator("[data-case]").get_by_label("How was it resolved?").fill("Replacement shipped")
    page.locator("[data-case]").get_by_role("button", name="Resolve").click()
    expect(page.locator("[data-case]")).to_contain_text("Resolved")

    page.goto(live_server.url + "/dashboard/queue/?view=unassigned")
    expect(page.locator("[data-queue-row]")).to_have_count(1)
    page.locator("[data-queue-row]").first.get_by_role("link", name=returned.tracking_number).click()
    page.locator("[data-case]").get_by_role("button", name="Snooze").click()
    expect(page.locator("[data-case]")).to_contain_text("Snoozed until")
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator('[data-queue-summary] [data-count="open"]')).to_have_text("0")
    expect(page.locator('[data-queue-summary] [data-count="snoozed"]')).to_have_text("1")
