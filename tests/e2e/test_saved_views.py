"""Browser test: filter the list, save it as a shared view, find it in the sidebar with its count."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from carriers.statuses import Status
from tests.e2e.conftest import log_in
from tests.factories import TrackerFactory
from trackers import tags

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_save_a_view_and_open_it_from_the_sidebar(page, live_server, alice, acme, shot):
    for tracker in TrackerFactory.create_batch(4, organization=acme, status=Status.FAILURE):
        tags.set_tags(tracker, ["claims"])
    TrackerFactory.create_batch(2, organization=acme, status=Status.DELIVERED)
    log_in(page, live_server.url)
    page.goto(live_server.url + "/dashboard/trackers/?tag=claims")
    expect(page.locator("table.table tbody tr")).to_have_count(4)
    page.get_by_label("Save these filters as a view").fill("Claims")
    page.get_by_label("Share with the organization").check()
    page.get_by_role("button", name="Save view").click()
    link = page.locator(".sidebar [data-saved-view]")
    expect(link).to_contain_text("Claims")
    expect(link.locator("[data-view-count]")).to_have_text("4")
    page.goto(live_server.url + "/dashboard/")
    page.locator(".sidebar [data-saved-view]").click()
    expect(page.locator("table.table tbody tr")).to_have_count(4)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"saved-view-{width}")
