"""The listener's cost inside a refresh transaction, the milestone rule, and the sweep schedule."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_q.models import Schedule

from events import outbox
from events.outbox import emit_many
from notifications import listener, services
from notifications.milestones import milestone_of
from notifications.models import Notification
from notifications.schedule import SCHEDULE_NAME
from tests.factories import TrackerFactory
from trackers import notices


@pytest.fixture
def quiet_outbox():
    """The outbox without this app's listener, so a test can call it alone and count its queries."""
    outbox.unregister(listener.on_events)
    yield
    outbox.register(listener.on_events)


def listener_queries(events) -> list[str]:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        listener.on_events(events)
    return [q["sql"].split()[0] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_batch_of_changes_costs_a_constant_number_of_queries(acme, quiet_outbox, monkeypatch):
    monkeypatch.setattr(listener, "kick", lambda: None)
    counts = []
    for size in (2, 60):
        group = TrackerFactory.create_batch(
            size, organization=acme, customer_email="a@example.com", customer_phone="+14155552671", status="delivered"
        )
        events = emit_many([notices.updated(t, {"status": "out_for_delivery"}, []) for t in group])
        statements = listener_queries(events)
        # settings, trackers, opt-outs, the insert (SQLite splits it by its parameter limit), supersede
        counts.append([s for s in statements if s != "INSERT"])
        assert Notification.objects.filter(tracker__in=group).count() == 2 * size
    assert counts[0] == counts[1] == ["SELECT", "SELECT", "SELECT", "UPDATE"]


def test_changes_without_a_recipient_or_a_status_change_cost_nothing(acme, quiet_outbox):
    quiet = TrackerFactory.create_batch(5, organization=acme, status="delivered")
    noisy = TrackerFactory.create_batch(5, organization=acme, customer_email="a@example.com", status="delivered")
    events = [notices.updated(t, {"status": "out_for_delivery"}, []) for t in quiet]
    events += [notices.updated(t, {"metadata": {}}, []) for t in noisy]
    assert listener_queries(emit_many(events)) == []
    assert not Notification.objects.exists()


def test_an_organization_that_turned_a_milestone_off_gets_nothing_for_it(acme, move):
    services.update_settings(acme, "test", email_enabled=True, sms_enabled=True, milestones=["delivered"])
    tracker = TrackerFactory(organization=acme, customer_email="a@example.com")
    move(tracker, "out_for_delivery")
    move(tracker, "delivered")
    assert list(Notification.objects.values_list("milestone", flat=True)) == ["delivered"]
    services.update_settings(acme, "test", email_enabled=False, sms_enabled=True, milestones=["delivered", "exception"])
    move(tracker, "failure", "package_lost")
    assert Notification.objects.count() == 1  # email is off for the mode


@pytest.mark.parametrize(
    ("status", "detail", "key"),
    [
        ("unknown", "no_adapter", None),
        ("pre_transit", "label_created", "pre_transit"),
        ("in_transit", "arrived_at_facility", "in_transit"),
        ("in_transit", "delivery_attempted", "exception:in_transit:delivery_attempted"),
        ("available_for_pickup", "available_for_pickup", "available_for_pickup"),
        ("delivered", "picked_up", "delivered"),
        ("failure", "package_damaged", "exception:failure:package_damaged"),
        ("return_to_sender", "return_to_sender", "exception:return_to_sender:return_to_sender"),
        ("canceled", "canceled", "exception:canceled:canceled"),
        ("error", "contact_provider", "exception:error:contact_provider"),
    ],
)
def test_the_milestone_rule(status, detail, key):
    reached = milestone_of(status, detail)
    assert (reached.key if reached else None) == key


def test_the_sweep_schedule_exists_after_migrate(db):
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == "notifications.tasks.sweep" and schedule.minutes == 1
