"""Browser test: a tracker whose courier found nothing offers the detected candidates; one click
changes the courier, the earlier scans stay on the timeline marked superseded, the page fits."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from carriers.statuses import Detail
from tests.e2e.conftest import log_in
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers.models import Tracker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_in_one_click_and_the_old_scans_marked(page, live_server, alice, acme, shot):
    tracker = TrackerFactory(organization=acme, courier="usps", status_detail=Detail.NOT_FOUND_YET)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/dashboard/trackers/{tracker.public_id}/")
    candidates = page.locator("[data-candidates]")
    expect(candidates).to_contain_text("Sandbox carrier")
    candidates.get_by_role("button", name="Use Sandbox carrier").click()
    expect(page.locator("body")).to_contain_text("Courier changed to Sandbox carrier")
    assert Tracker.objects.get(pk=tracker.pk).courier == "sandbox"
    # A scan of the corrected-away courier, as a change leaves it: on the timeline, struck through.
    TrackingEventFactory(tracker=tracker, courier="usps", message="Arrived at Chicago hub")
    page.goto(f"{live_server.url}/dashboard/trackers/{tracker.public_id}/")
    page.locator("[data-corrections]").get_by_label("Courier").select_option("ups")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Change courier").click()
    expect(page.locator(".tl-superseded").first).to_contain_text("Arrived at Chicago hub")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"corrections-{width}")
