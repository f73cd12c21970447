"""Browser test: tag 1,000 trackers at once, from the list's filter, and follow the progress page."""

from __future__ import annotations

import pytest
from django_q.conf import Conf
from playwright.sync_api import expect

from accounts.models import Mode
from carriers.statuses import Status
from tests.e2e.conftest import log_in
from trackers import bulk
from trackers.bulk_models import BulkJob
from trackers.models import Tracker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tag_a_thousand_trackers_that_match_a_filter(page, live_server, alice, acme, shot):
    Tracker.objects.bulk_create(
        Tracker(
            organization=acme,
            mode=Mode.TEST,
            tracking_number=f"PKGX-DDDDDDD-{i:07d}",
            courier="sandbox",
            status=Status.FAILURE,
        )
        for i in range(1000)
    )
    Tracker.objects.create(
        organization=acme, mode=Mode.TEST, tracking_number="PKGX-AAAAAAA-0000001", courier="sandbox", status="delivered"
    )
    # The task waits in the broker (no worker runs here), so the page shows the job before it runs.
    Conf.SYNC = False
    log_in(page, live_server.url)
    page.goto(live_server.url + "/dashboard/trackers/?status=failure")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"bulk-list-{width}")
    bar = page.locator("[data-bulk-bar]")
    bar.get_by_label("All that match").check()
    bar.get_by_label("Action").select_option("add_tag")
    bar.get_by_label("Tag").fill("claims")
    bar.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/dashboard/bulk/blk_*/")
    expect(page.locator("[data-processed]")).to_have_text("0 of 1,000 trackers")
    expect(page.locator("[data-bulk-state]")).to_have_text("Waiting")
    shot(page, "bulk-waiting-1280")

    job = BulkJob.objects.get()
    bulk.run(job.pk)  # what the worker does
    # The page refreshes itself until the job is finished.
    expect(page.locator("[data-bulk-state]")).to_have_text("Finished")
    expect(page.locator("[data-processed]")).to_have_text("1,000 of 1,000 trackers")
    expect(page.locator('[data-count="succeeded"]')).to_have_text("1,000")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"bulk-done-{width}")
    assert Tracker.objects.filter(tag_rows__tag="claims").count() == 1000
    assert not Tracker.objects.filter(tracking_number="PKGX-AAAAAAA-0000001", tag_rows__tag="claims").exists()
