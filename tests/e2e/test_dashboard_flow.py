"""Browser tests: the support team's main path and the recipient's page, in real Chromium."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from trackers.models import ImportJob, Tracker, TrackingEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "PKGX-AAAAAAA-E2E0001"


def test_add_search_open_and_follow_the_public_link(page, live_server, alice, acme, settings, shot):
    acme.display_name = "Acme Outfitters"
    acme.brand_color = "#0f766e"
    acme.save()
    # One sandbox step every 10 hours, so the timeline spans several days and time zones.
    settings.SANDBOX_STEP_SECONDS = 36_000
    page.goto(live_server.url + "/login/")
    shot(page, "01-login")
    log_in(page, live_server.url)

    page.get_by_role("link", name="Add trackers").click()
    page.get_by_label("Tracking number").fill(NUMBER.lower())
    page.get_by_label("Title").fill("Trail backpack, 45 L")
    page.get_by_label("Order ID").fill("#A-1042")
    page.get_by_label("Customer name").fill("Karen Ng")
    page.get_by_label("Customer e-mail").fill("karen@example.com")
    page.get_by_role("button", name="Create tracker").click()
    page.wait_for_url("**/dashboard/trackers/trk_*/")
    expect(page.get_by_text(f"Tracker {NUMBER} created.")).to_be_visible()

    # The parcel has travelled for two days: backdate it and ask the carrier again through the UI.
    tracker = Tracker.objects.get(tracking_number=NUMBER)
    Tracker.objects.filter(pk=tracker.pk).update(created_at=timezone.now() - timedelta(hours=41))
    TrackingEvent.objects.filter(tracker=tracker).delete()

    page.get_by_role("link", name="Trackers", exact=True).click()
    page.get_by_label("Search").fill("A-1042")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/dashboard/trackers/\?.*A-1042"))
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    shot(page, "02-trackers-search")
    rows.first.get_by_role("link", name=NUMBER).click()
    page.wait_for_url(f"**/dashboard/trackers/{tracker.public_id}/")
    page.get_by_role("button", name="Refresh now").click()
    page.wait_for_selector(".msg-success")
    page.wait_for_load_state("load")
    assert page.locator(".timeline .tl-event").count() >= 4
    assert page.get_by_text("Arrived at").first.is_visible()
    shot(page, "03-tracker-detail")

    public_url = page.locator("[data-public-link]").get_attribute("href")
    assert public_url == tracker.public_url.replace("http://testserver", public_url.split("/t/")[0])
    page.goto(live_server.url + "/t/" + tracker.public_token + "/")
    for width, height, name in ((375, 812, "04-public-375"), (1280, 900, "05-public-1280")):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.locator(".timeline .tl-event").count() >= 4
        assert page.get_by_text("Acme Outfitters").first.is_visible()
        body = page.content()
        assert "Karen Ng" not in body and "karen@example.com" not in body and "#A-1042" not in body
        # Readable at this width: nothing wider than the window.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, name)


def test_csv_upload_of_1000_rows_finishes_with_its_report(page, live_server, alice, acme, shot, tmp_path):
    lines = ["tracking_number,courier,order_id,title,customer_name,customer_email,customer_phone"]
    for i in range(995):
        lines.append(f"PKGX-AAAAAAA-{i:07d},,#{i},Item {i},Customer {i},c{i}@example.com,")
    lines += [
        "1Z999AA10123456784,ups,#x1,,,,",
        "PKGX-BBBBBBB-9999999,nosuchcourier,,,,,",
        "PKGX-CCCCCCC-9999998,,,,,not-an-email,",
        ",,,,,,",
        "??,,,,,,",
    ]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n")
    log_in(page, live_server.url)
    page.goto(live_server.url + "/dashboard/imports/new/")
    page.get_by_label("CSV file").set_input_files(str(path))
    # Tests run django-q tasks inline, so the upload's response comes when the import has run.
    with page.expect_navigation(url="**/dashboard/imports/imp_*/", timeout=300_000):
        page.get_by_role("button", name="Upload and import").click(no_wait_after=True)
    page.wait_for_selector('[data-import-state="done"]', timeout=120_000)
    job = ImportJob.objects.get()
    assert (job.total_rows, job.created_count, job.refused_count) == (999, 995, 4)
    assert page.locator('[data-count="created"]').inner_text() == "995"
    assert page.locator('[data-count="refused"]').inner_text() == "4"
    page.get_by_role("link", name="Refused", exact=True).click()
    page.wait_for_url("**outcome=refused")
    report = page.locator("table.table tbody")
    expect(report.locator("tr")).to_have_count(4)
    assert "sandbox numbers only" in report.inner_text()
    shot(page, "06-import-report")
    assert Tracker.objects.filter(organization=acme).count() == 995


def test_overview_with_real_looking_data(page, live_server, alice, acme, shot):
    from tests.e2e.demo import seed

    seed(acme)
    log_in(page, live_server.url)
    assert page.locator(".stat").count() == 10
    assert page.locator("svg .col").count() == 30
    shot(page, "07-overview")
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "08-overview-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/dashboard/trackers/")
    shot(page, "09-trackers")
    page.goto(live_server.url + "/dashboard/keys/")
    page.get_by_label("Name").fill("Shop backend")
    page.get_by_role("button", name="Create key").click()
    assert page.locator("#new-key").input_value().startswith("sk_test_")
    shot(page, "10-api-keys")
    page.goto(live_server.url + "/dashboard/settings/")
    shot(page, "11-settings")


def test_delivery_log(page, live_server, alice, acme, http_server, shot):
    services = pytest.importorskip("webhooks.services", reason="the webhook services are not in this build")
    from tests.factories import SubscriptionFactory

    ok = SubscriptionFactory(organization=acme, url=http_server.url + "/hooks")
    broken = SubscriptionFactory(organization=acme, url=live_server.url + "/no-such-endpoint/")
    services.send_test(ok)
    failed = services.send_test(broken)
    log_in(page, live_server.url)
    page.goto(live_server.url + "/dashboard/webhooks/deliveries/")
    assert page.locator("table.table tbody tr").count() == 2
    page.get_by_role("link", name="Failed", exact=True).click()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(failed.public_id)
    rows.first.get_by_role("button", name="Retry").click()
    expect(page.get_by_text("Retried, not delivered")).to_be_visible()
    page.get_by_role("link", name="All", exact=True).click()
    shot(page, "12-deliveries")
    pytest.importorskip("webhooks.subscriptions", reason="subscription services are not in this build")
    page.goto(live_server.url + "/dashboard/webhooks/new/")
    page.get_by_label("Endpoint URL").fill(http_server.url + "/hooks")
    page.get_by_label("Description").fill("Order service")
    page.get_by_label("Signing secret").fill("whsec-e2e-secret-value")
    page.get_by_role("button", name="Create endpoint").click()
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_text("Test event delivered")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "13-webhook")
    page.get_by_role("link", name="Webhooks", exact=True).first.click()
    page.wait_for_url("**/dashboard/webhooks/")
    expect(page.get_by_text("Order service")).to_be_visible()
    shot(page, "14-webhooks")
