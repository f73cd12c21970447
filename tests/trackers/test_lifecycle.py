"""When refreshing stops, per organization: the settings, the refresh that applies them, and the
tracker that says so (native API, dashboard page)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import services as accounts
from accounts.models import Mode
from carriers.base import EventData, TrackingResult
from carriers.statuses import Status
from core.errors import ServiceError
from privacy.models import AuditEntry
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import lifecycle, services
from trackers.refresh import Outcome, apply_outcomes
from trackers.staleness import Staleness

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)
D = timedelta(days=1)


def delivered_answer(when: datetime) -> TrackingResult:
    scan = EventData(occurred_at=when, status=Status.DELIVERED, status_detail="delivered", message="Delivered")
    return TrackingResult(events=[scan], status=Status.DELIVERED, status_detail="delivered")


def in_transit_answer(when: datetime) -> TrackingResult:
    scan = EventData(occurred_at=when, status=Status.IN_TRANSIT, status_detail="arrived_at_facility", message="Hub")
    return TrackingResult(events=[scan], status=Status.IN_TRANSIT, status_detail="arrived_at_facility")


def live_tracker(org, **kwargs):
    return TrackerFactory(organization=org, mode=Mode.LIVE, courier="usps", created_at=NOW - 20 * D, **kwargs)


def test_settings_take_the_lifecycle_numbers_and_refuse_nonsense(acme):
    accounts.update_settings(acme, {"expire_after_days": 7, "refresh_after_delivery_days": 3})
    acme.refresh_from_db()
    assert (acme.expire_after_days, acme.refresh_after_delivery_days) == (7, 3)
    assert lifecycle.for_organization(acme.pk) == lifecycle.Lifecycle(7, 3)
    for bad in ({"expire_after_days": 0}, {"expire_after_days": "7"}, {"refresh_after_delivery_days": 400}):
        with pytest.raises(ServiceError) as refused:
            accounts.update_settings(acme, bad)
        assert refused.value.code == "invalid_settings"
    accounts.update_settings(acme, {"expire_after_days": None})  # back to the installation's default
    assert lifecycle.for_organization(acme.pk) == lifecycle.Lifecycle(30, 3)


def test_a_delivered_tracker_is_refreshed_the_organizations_days_after_delivery(acme, globex):
    accounts.update_settings(acme, {"refresh_after_delivery_days": 3})
    waits, stops = live_tracker(acme), live_tracker(globex)  # globex keeps the default: 0
    apply_outcomes([Outcome(t, result=delivered_answer(NOW - D), asked_at=NOW) for t in (waits, stops)], NOW)
    waits.refresh_from_db()
    stops.refresh_from_db()
    assert (waits.next_refresh_at, waits.staleness_reason) == (NOW + 12 * timedelta(hours=1), "")
    assert (stops.next_refresh_at, stops.staleness_reason) == (None, Staleness.COMPLETED)
    # A scan after delivery ("collected from the locker") is still taken, and the window counts from
    # the last delivery scan; past it refreshing stops.
    later = NOW + 3 * D + timedelta(hours=1)
    answer = delivered_answer(NOW - D)
    answer.events.append(
        EventData(occurred_at=NOW, status=Status.DELIVERED, status_detail="picked_up", message="Collected")
    )
    apply_outcomes([Outcome(waits, result=answer, asked_at=later)], later)
    waits.refresh_from_db()
    assert waits.events.count() == 2 and waits.next_refresh_at is None and waits.active
    assert waits.staleness_reason == Staleness.COMPLETED


def test_the_organizations_days_without_news_expire_its_trackers_only(acme, globex):
    accounts.update_settings(acme, {"expire_after_days": 7})
    short, default = live_tracker(acme), live_tracker(globex)
    apply_outcomes([Outcome(t, result=in_transit_answer(NOW - 8 * D), asked_at=NOW) for t in (short, default)], NOW)
    short.refresh_from_db()
    default.refresh_from_db()
    assert (short.active, short.staleness_reason, short.next_refresh_at) == (False, Staleness.EXPIRED, None)
    assert default.active and default.next_refresh_at == NOW + 4 * timedelta(hours=1)


def test_a_batch_loads_the_lifecycle_once_whatever_its_organizations(db):
    def run(count: int) -> int:
        trackers = [live_tracker(OrganizationFactory()) for _ in range(count)]
        for org in {t.organization for t in trackers}:
            accounts.update_settings(org, {"expire_after_days": 9})
        outcomes = [Outcome(t, result=in_transit_answer(NOW - D), asked_at=NOW) for t in trackers]
        with CaptureQueriesContext(connection) as captured:
            apply_outcomes(outcomes, NOW)
        return len(captured)

    assert run(1) == run(4)


def test_the_api_says_when_refreshing_stops_and_why(api, acme):
    accounts.update_settings(acme, {"expire_after_days": 30, "refresh_after_delivery_days": 3})
    moving = TrackerFactory(
        organization=acme, status=Status.IN_TRANSIT, last_event_at=datetime(2026, 12, 5, tzinfo=UTC)
    )
    delivered = TrackerFactory(
        organization=acme, status=Status.DELIVERED, delivered_at=datetime(2026, 12, 4, 9, tzinfo=UTC)
    )
    final = TrackerFactory(organization=acme, status=Status.CANCELED, next_refresh_at=None)
    done = services.complete_tracker(TrackerFactory(organization=acme), Status.DELIVERED, "delivered")
    expired = TrackerFactory(organization=acme, active=False, next_refresh_at=None, staleness_reason="expired")

    def stops(tracker) -> tuple:
        body = api.get(f"/api/v1/trackers/{tracker.public_id}").json()
        return body["refresh_stops_at"], body["refresh_stops_reason"]

    assert stops(moving) == ("2027-01-04T00:00:00Z", "no_news")
    assert stops(delivered) == ("2026-12-07T09:00:00Z", "after_delivery")
    assert stops(final) == (None, "final_status")
    assert stops(done) == (None, "completed_by_user")
    assert stops(expired) == (None, "no_news")
    listed = api.get("/api/v1/trackers").json()
    assert {t["refresh_stops_reason"] for t in listed["data"]} == {
        "no_news",
        "after_delivery",
        "final_status",
        "completed_by_user",
    }


def test_completing_by_hand_says_so_in_staleness_and_words(acme):
    done = services.complete_tracker(TrackerFactory(organization=acme), Status.DELIVERED, "delivered")
    assert done.staleness_reason == Staleness.COMPLETED
    assert str(lifecycle.stops(done, lifecycle.for_organization(acme.pk))) == "refreshing stopped: completed by hand"
    again = services.reactivate_tracker(done)
    assert again.staleness_reason == ""


def test_the_tracker_page_says_when_refreshing_stops(client, alice, acme):
    tracker = TrackerFactory(
        organization=acme, mode=Mode.TEST, status=Status.IN_TRANSIT, last_event_at=datetime(2026, 12, 5, tzinfo=UTC)
    )
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "Refreshing stops after 30 days without news (on 2027-01-04)." in page


def test_the_settings_form_saves_the_lifecycle_and_the_audit_log_records_it(alice, acme):
    browser = Client()
    browser.force_login(alice)
    page = browser.get("/dashboard/settings/").content.decode()
    assert "days without news" in page and "the installation&#x27;s default (30)" in page
    response = browser.post("/dashboard/settings/", {"expire_after_days": "14", "refresh_after_delivery_days": "2"})
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.expire_after_days, acme.refresh_after_delivery_days) == (14, 2)
    entry = AuditEntry.objects.get(action="settings.updated")
    assert entry.actor_label == "alice" and entry.organization == acme
    assert set(entry.fields) == {"expire_after_days", "refresh_after_delivery_days"}
    refused = browser.post("/dashboard/settings/", {"expire_after_days": "0"})
    assert refused.status_code == 200 and "greater than or equal to 1" in refused.content.decode()
