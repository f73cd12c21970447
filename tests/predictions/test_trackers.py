"""Every non-final tracker carries `estimated_delivery`: API, webhooks, public page, dashboard, history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from accounts.models import Mode
from carriers.statuses import Status
from events.models import Event, EventType
from predictions.generated import seed_history
from predictions.models import DeliveryRecord, LaneFit
from trackers import predicting, services
from trackers.models import Tracker
from trackers.refresh import refresh_trackers

T0 = datetime(2026, 12, 7, 15, tzinfo=UTC)  # a Monday


@pytest.fixture
def travel():
    with time_machine.travel(T0, tick=False) as clock:
        yield clock


@pytest.fixture
def history(acme, travel):
    assert seed_history(acme.pk, Mode.TEST, T0.date(), weeks=12, per_day=30) > 1000


def moving(org, number="PKGX-AAAAAAA-0000001", **fields):
    tracker = services.create_tracker(org, Mode.TEST, number, fields=fields).tracker
    refresh_trackers([tracker])
    return tracker


def test_an_in_transit_tracker_gets_a_dated_range_from_history(api, acme, history, travel):
    tracker = moving(acme)
    travel.shift(130)
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert tracker.status == Status.IN_TRANSIT
    body = api.get(f"/api/v1/trackers/{tracker.public_id}").json()
    estimate = body["estimated_delivery"]
    assert estimate["confidence"] in ("high", "medium", "low")
    assert estimate["basis"] in ("history", "both")
    assert estimate["earliest"] <= estimate["date"] <= estimate["latest"]
    assert date.fromisoformat(estimate["date"]) > T0.date()
    assert estimate["updated_at"].startswith("2026-12-07T15:0")
    listed = api.get("/api/v1/trackers").json()["data"][0]
    assert listed["estimated_delivery"] == estimate
    # The webhook event of the change carries it too.
    event = Event.objects.filter(type=EventType.TRACKER_UPDATED).order_by("-id").first()
    assert event.data["estimated_delivery"]["date"] == estimate["date"]


def test_without_history_only_the_carriers_estimate_is_shown_and_without_it_no_date(api, acme, travel):
    tracker = moving(acme)
    travel.shift(130)
    refresh_trackers([tracker])
    estimate = api.get(f"/api/v1/trackers/{tracker.public_id}").json()["estimated_delivery"]
    assert (estimate["basis"], estimate["confidence"]) == ("carrier", "low")
    assert estimate["date"] == estimate["latest"] == T0.date().isoformat()  # the sandbox's own estimate
    tracker.refresh_from_db()
    tracker.est_delivery_at = tracker.edd_carrier_first = None
    predicting.update([predicting.Seen(tracker, list(tracker.events.all()), tracker.status)], T0)
    assert predicting.estimated_delivery(tracker) == {
        "date": None,
        "earliest": None,
        "latest": None,
        "confidence": "none",
        "basis": None,
        "updated_at": "2026-12-07T15:00:00Z",
    }


def test_a_delivery_becomes_history_and_updates_its_lanes_at_once(acme, history, travel):
    carrier_lane = LaneFit.objects.get(organization=acme, mode=Mode.TEST, key="sandbox|*|*|*")
    tracker = moving(acme)
    travel.shift(3600)
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert tracker.status == Status.DELIVERED
    assert tracker.edd_date is None  # nothing to predict any more
    record = DeliveryRecord.objects.get(organization=acme, tracking_number=tracker.tracking_number)
    assert record.source == DeliveryRecord.Source.TRACKER
    assert record.first_latest is not None  # the first latest day shown is kept for on-time rates
    assert record.origin_region and record.destination_region
    assert LaneFit.objects.get(pk=carrier_lane.pk).deliveries == carrier_lane.deliveries + 1
    # Refreshing again records nothing twice.
    travel.shift(60)
    refresh_trackers([tracker])
    assert DeliveryRecord.objects.filter(tracking_number=tracker.tracking_number).count() == 1


def test_the_public_page_says_when_in_the_recipients_language(acme, history, travel):
    tracker = moving(acme, language="fr")
    travel.shift(130)
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    page = Client().get(f"/t/{tracker.public_token}/").content.decode()
    assert "Arrivée prévue" in page
    assert "décembre" in page


def test_late_is_one_rule_and_shows_on_the_dashboard(alice, acme, history, travel):
    tracker = moving(acme, title="Late one")
    travel.shift(130)
    refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert tracker.edd_latest is not None
    assert not predicting.is_late(tracker, tracker.edd_latest)
    assert predicting.is_late(tracker, date(2027, 1, 30))
    scope = Tracker.objects.filter(organization=acme)
    assert list(predicting.late_trackers(scope, date(2027, 1, 30))) == [tracker]
    assert not predicting.late_trackers(scope, tracker.edd_latest).exists()
    with time_machine.travel(datetime(2027, 1, 30, 12, tzinfo=UTC), tick=False):
        client = Client()
        client.force_login(alice)
        listing = client.get("/dashboard/trackers/").content.decode()
        detail = client.get(f"/dashboard/trackers/{tracker.public_id}/").content.decode()
    assert "Late" in listing and "Late" in detail and "Predicted delivery" in detail


def test_the_predictions_page_shows_the_backtest_and_its_chart(alice, acme, globex, history):
    client = Client()
    client.force_login(alice)
    page = client.get("/dashboard/predictions/").content.decode()
    assert "Per-carrier median" in page and "<svg" in page and "<polyline" in page
    assert "sandbox||US-900|US-071" in page
    assert client.get("/dashboard/predictions/?split=not-a-date").status_code == 200
    # Another organization has no history of its own and sees none of Acme's.
    from tests.factories import MembershipFactory, UserFactory

    bob = MembershipFactory(user=UserFactory(username="bobby"), organization=globex).user
    other = Client()
    other.force_login(bob)
    assert "No delivery history yet" in other.get("/dashboard/predictions/").content.decode()


def test_emails_give_the_predicted_range_in_the_recipients_language(acme):
    from notifications import content

    context = content.snapshot(
        {
            "status": "in_transit",
            "tracking_number": "X1",
            "est_delivery_at": "2026-12-08T12:00:00Z",
            "estimated_delivery": {"date": "2026-12-09", "earliest": "2026-12-08", "latest": "2026-12-10"},
            "public_url": "http://testserver/t/x/",
        }
    )
    english = content.email(acme, context, "en", "{status}", "{eta}", "http://testserver/u/")
    assert "Tuesday 8 – Thursday 10 December" in english.text
    spanish = content.email(acme, context, "es", "{status}", "{eta}", "http://testserver/u/")
    assert "martes 8 – jueves 10 de diciembre" in spanish.html
    without = content.snapshot({"status": "in_transit", "est_delivery_at": "2026-12-08T12:00:00Z"})
    assert "Dec. 8, 2026" in content.email(acme, without, "en", "{status}", "{eta}", "http://testserver/u/").text
