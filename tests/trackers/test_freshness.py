"""Freshness you can see: the API's fields, the tracker page's line, the carriers panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from accounts.models import Mode
from tests.factories import TrackerFactory
from trackers import throttle
from trackers.freshness import describe
from trackers.models import CarrierAccount
from trackers.staleness import Staleness

NOW = datetime(2026, 2, 27, 15, 30, tzinfo=UTC)


def test_the_api_shows_when_a_tracker_was_checked_and_why_it_is_late(api, acme):
    tracker = TrackerFactory(organization=acme, mode=Mode.TEST, status="in_transit")
    tracker.last_refreshed_at = datetime(2026, 2, 27, 15, 18, tzinfo=UTC)
    tracker.next_refresh_at = datetime(2026, 2, 27, 18, 30, tzinfo=UTC)
    tracker.staleness_reason = Staleness.CARRIER_BUDGET
    tracker.save()
    body = api.get(f"/api/v1/trackers/{tracker.public_id}").json()
    assert body["last_checked_at"] == "2026-02-27T15:18:00Z"
    assert body["next_check_at"] == "2026-02-27T18:30:00Z"
    assert body["staleness_reason"] == "carrier_budget"
    stopped = TrackerFactory(organization=acme, mode=Mode.TEST, active=False, staleness_reason=Staleness.EXPIRED)
    body = api.get(f"/api/v1/trackers/{stopped.public_id}").json()
    assert (body["next_check_at"], body["staleness_reason"]) == (None, "expired")


def test_the_tracker_page_says_checked_ago_and_next_check_in(client, alice, acme):
    tracker = TrackerFactory(organization=acme, mode=Mode.TEST)
    tracker.last_refreshed_at = NOW - timedelta(minutes=12)
    tracker.next_refresh_at = NOW + timedelta(hours=3)
    tracker.save()
    assert str(describe(tracker, NOW)) == "checked 12\xa0minutes ago; next check in 3\xa0hours"
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "Checked 12\xa0minutes ago; next check in 3\xa0hours." in page


def test_the_carrier_panel_shows_budget_use_cadence_and_circuit(client, alice, acme, settings, db):
    settings.CARRIER_BUDGETS = "usps=60/hour"
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "usps": {"base_url": "http://127.0.0.1:9", "client_id": "id", "client_secret": "secret"},
    }
    with time_machine.travel(NOW, tick=False):
        on_time = TrackerFactory(
            organization=acme, mode=Mode.LIVE, courier="usps", next_refresh_at=NOW + timedelta(hours=1)
        )
        late = TrackerFactory(
            organization=acme,
            mode=Mode.LIVE,
            courier="usps",
            next_refresh_at=NOW - timedelta(hours=2),
            tracking_number="LATE1",
        )
        throttle.reserve("usps", 7, (throttle.Limit(3600, 60),), NOW)
        CarrierAccount.objects.create(
            account="usps", circuit_open_until=NOW + timedelta(minutes=1), last_error="HTTP 503"
        )
        client.force_login(alice)
        page = client.get("/dashboard/couriers/budgets/").content.decode()
    assert 'data-account="usps"' in page and "7 of 60/hour" in page
    assert "1 of 2 (50 %)" in page and "LATE1" in page and on_time.tracking_number not in page
    assert 'data-circuit="open"' in page and "HTTP 503" in page
    assert late.public_id in page
