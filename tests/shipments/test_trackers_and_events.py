"""Trackers behind shipments (as in PackageX) and shipment.updated through the event seam."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import Mode
from core.errors import ServiceError
from events.models import Event, EventType
from shipments import services
from shipments.models import Shipment
from tests.factories import ContainerFactory, SubscriptionFactory
from tests.shipments.conftest import make_shipment
from trackers.models import Tracker
from trackers.refresh import refresh_trackers
from webhooks.models import Delivery

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def travel():
    with time_machine.travel(T0, tick=False) as clock:
        yield clock


def test_a_tracking_number_gets_a_tracker_of_the_same_organization_and_mode(acme):
    shipment = make_shipment(acme, tracking_number="PKGX-DDDDDDD-1234567")
    tracker = shipment.tracker
    assert (tracker.organization, tracker.mode, tracker.tracking_number, tracker.courier) == (
        acme,
        Mode.TEST,
        "PKGX-DDDDDDD-1234567",
        "sandbox",
    )


def test_provider_id_names_the_courier(acme):
    shipment = make_shipment(acme, Mode.LIVE, tracking_number="1Z999AA10123456784", provider_id="ups")
    assert (shipment.tracker.courier, shipment.tracker.mode) == ("ups", Mode.LIVE)


def test_a_new_tracking_number_moves_to_a_new_tracker(acme):
    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-0000001")
    first = shipment.tracker
    updated = services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_number": "PKGX-AAAAAAA-0000002"})
    assert updated.tracker != first and updated.tracker.tracking_number == "PKGX-AAAAAAA-0000002"
    event = Event.objects.get(type=EventType.SHIPMENT_UPDATED)
    assert event.previous_attributes["tracker_id"] == first.public_id
    cleared = services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_number": None})
    assert cleared.tracker is None


def test_a_tracker_refused_by_its_service_refuses_the_shipment_update(acme):
    shipment = make_shipment(acme)
    trackers_before = Tracker.objects.count()
    with pytest.raises(ServiceError) as caught:
        services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_number": "1Z999AA10123456784"})
    assert (caught.value.code, caught.value.status) == ("not_a_sandbox_number", 422)
    assert Tracker.objects.count() == trackers_before
    shipment.refresh_from_db()
    assert shipment.tracking_number == ""


def test_tracker_updates_advance_the_shipment(acme, travel):
    shipment = make_shipment(acme, tracking_number="PKGX-DDDDDDD-1234567")
    tracker = shipment.tracker
    refresh_trackers([tracker])  # label created
    shipment.refresh_from_db()
    assert shipment.status == "pre_transit"
    travel.shift(61)
    refresh_trackers([tracker])  # picked up by the carrier
    shipment.refresh_from_db()
    assert shipment.status == "in_transit"
    travel.shift(3600)
    refresh_trackers([tracker])  # the whole timeline: failure / package_damaged
    shipment.refresh_from_db()
    assert shipment.status == "exception"
    history = list(shipment.tracking_updates.order_by("id").values_list("source", "previous_status", "status"))
    assert history == [
        ("tracker", "created", "pre_transit"),
        ("tracker", "pre_transit", "in_transit"),
        ("tracker", "in_transit", "exception"),
    ]
    assert shipment.tracking_updates.order_by("-id").first().comment  # the carrier's latest message
    events = Event.objects.filter(type=EventType.SHIPMENT_UPDATED, subject_id=shipment.public_id).order_by("id")
    assert [e.previous_attributes for e in events] == [
        {"status": "created"},
        {"status": "pre_transit"},
        {"status": "in_transit"},
    ]
    assert events.last().data["status"] == "exception"


def test_a_person_s_final_status_is_not_undone_by_the_carrier(acme, travel):
    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-1234567")
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_update": {"status": "delivered"}})
    refresh_trackers([shipment.tracker])
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert shipment.tracking_updates.count() == 1


def test_shipment_updated_reaches_webhooks_and_disable_webhooks_only_that_update(acme):
    SubscriptionFactory(organization=acme, event_types=["shipment.updated"])
    shipment = make_shipment(acme)
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "one", "disable_webhooks": True})
    assert not Delivery.objects.exists()
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "two"})
    delivery = Delivery.objects.select_related("event").get()
    payload = delivery.event.payload()
    assert payload["type"] == "shipment.updated"
    assert payload["data"]["notes"] == "two" and payload["previous_attributes"] == {"notes": "one"}


def test_the_listener_costs_one_query_for_trackers_without_shipments(acme, travel, django_assert_num_queries):
    from shipments.listener import on_events

    tracker_event = Event(
        organization=acme,
        mode=Mode.TEST,
        type=EventType.TRACKER_UPDATED,
        subject_type="tracker",
        subject_id="trk_none",
        data={"status": "in_transit"},
        previous_attributes={"status": "pre_transit"},
    )
    with django_assert_num_queries(1):
        on_events([tracker_event])
    with django_assert_num_queries(0):
        on_events([Event(organization=acme, mode=Mode.TEST, type=EventType.TRACKER_UPDATED, previous_attributes={})])
    assert not Shipment.objects.exists()


def test_a_tracker_never_moves_a_shipment_inside_a_container(acme, travel):
    """The container rule holds through the listener door as through the API: the container moves it."""
    container = ContainerFactory(organization=acme, status="in_transit")
    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-7654321")
    update = {"tracking_update": {"status": "in_transit", "container_id": container.public_id}}
    services.update_shipment(acme, Mode.TEST, shipment.public_id, update)
    for seconds in (0, 61, 300):  # label, pickup, then out for delivery and beyond
        travel.shift(seconds)
        refresh_trackers([Tracker.objects.get(pk=shipment.tracker_id)])
    shipment.refresh_from_db()
    assert shipment.tracker.status in {"out_for_delivery", "delivered"}
    assert shipment.status == "in_transit" and shipment.container_id == container.pk
    assert not shipment.tracking_updates.filter(source="tracker").exists()
    # Out of its container, the carrier's news moves it again.
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"tracking_update": {"container_id": None}})
    travel.shift(3600)
    Tracker.objects.filter(pk=shipment.tracker_id).update(status="in_transit")  # so the last scan is news again
    refresh_trackers([Tracker.objects.get(pk=shipment.tracker_id)])
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
