"""Every response shape is declared once (api.shapes): each native body on the wire matches it.

The bodies come from plain dict builders (and, for the tracker reads, the fast lane); the OpenAPI
components come from the Shapes. Each case below calls an endpoint and holds its body against the
Shape the document names for it: a key added, dropped or retyped on either side fails here, and a
Shape that no case reaches fails too.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Mode
from api.schema import ERROR
from api.shapes import SHAPES, Choice, Shape, page_of
from api.views import USAGE
from events.models import Event
from notifications.api import NOTIFICATION
from notifications.models import Notification
from privacy import api as privacy_shapes
from shipments import api_schema as shipment_shapes
from shipments.models import Customs, CustomsItem, ShipmentLog, TrackingUpdate
from tests.factories import (
    ContactFactory,
    ContainerFactory,
    LayoutFactory,
    LocationFactory,
    ShipmentFactory,
    TrackingEventFactory,
)
from trackers import api_schema as tracker_shapes
from trackers import services
from trackers.representation import tracker_dict
from webhooks import api_schema as webhook_shapes
from webhooks.models import Delivery, DeliveryAttempt, Subscription


def holds(shape: Shape, response, seen: set[str], status: int = 200) -> None:
    assert response.status_code == status, response.content
    assert shape.differences(response.json(), seen=seen) == []


def test_the_checker_names_every_kind_of_difference():
    shape = Shape("Probe", {"a": "int", "b": "datetime?", "c": Choice(("x",)), "d": ["str"]})
    SHAPES.remove(shape)
    assert shape.differences({"a": 1, "b": None, "c": "x", "d": ["y"]}) == []
    found = shape.differences({"a": True, "b": "soon", "c": "z", "d": [1], "e": 0})
    assert found == [
        "Probe.e: not declared",
        "Probe.a: bool where int is declared",
        "Probe.b: 'soon' is not an ISO 8601 datetime",
        "Probe.c: 'z' is not one of ['x']",
        "Probe.d[0]: int where str is declared",
    ]
    assert shape.differences({"a": None}) == [
        "Probe.a: null where int is declared",
        "Probe.b: missing",
        "Probe.c: missing",
        "Probe.d: missing",
    ]


def tracker_bodies(api, acme, seen: set[str]) -> None:
    batch = [{"tracking_number": "PKGX-AAAAAAA-0000001"}, {"tracking_number": "1Z999AA10123456784"}]
    created = api.post("/api/v1/trackers", batch, format="json")
    holds(tracker_shapes.CREATE_RESULT, created, seen, 207)
    tracker = services.get_tracker(acme.pk, Mode.TEST, created.json()["data"][0]["id"])
    tracker.weight, tracker.weight_unit = 1.5, "kg"
    tracker.save()
    event = TrackingEventFactory(tracker=tracker)
    assert tracker_shapes.TRACKER.differences(tracker_dict(tracker, [event]), seen=seen) == []
    holds(tracker_shapes.TRACKER, api.get(f"/api/v1/trackers/{tracker.public_id}"), seen)
    holds(tracker_shapes.TRACKER_PAGE, api.get("/api/v1/trackers"), seen)  # the fast lane
    holds(tracker_shapes.TRACKER_PAGE, api.get("/api/v1/trackers", {"status": "unknown"}), seen)  # the ORM path
    holds(tracker_shapes.COURIER_LIST, api.get("/api/v1/couriers"), seen)
    tags_url = f"/api/v1/trackers/{tracker.public_id}/tags"
    holds(tracker_shapes.TRACKER_TAGS, api.put(tags_url, {"tags": ["vip", " vip ", "fragile"]}, format="json"), seen)
    holds(tracker_shapes.TRACKER_TAGS, api.get(tags_url), seen)
    detected = api.post("/api/v1/couriers/detect", {"tracking_number": "1Z999AA10123456784"}, format="json")
    holds(tracker_shapes.DETECT_RESULT, detected, seen)
    holds(USAGE, api.get("/api/v1/usage"), seen)
    holds(ERROR, api.get("/api/v1/trackers/trk_nope"), seen, 404)
    holds(ERROR, api.get("/api/v1/trackers", {"limit": 0}), seen, 400)


def webhook_delivery_and_notification_bodies(api, acme, seen: set[str]) -> None:
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000002", enqueue=False).tracker
    created = api.post("/api/v1/webhooks", {"url": "https://hooks.example.invalid/in"}, format="json")
    holds(webhook_shapes.CREATED_WEBHOOK, created, seen, 201)
    holds(webhook_shapes.WEBHOOK, api.get(f"/api/v1/webhooks/{created.json()['id']}"), seen)
    holds(webhook_shapes.WEBHOOK_PAGE, api.get("/api/v1/webhooks"), seen)
    hook = created.json()["id"]
    delivery = Delivery.objects.create(
        event=Event.objects.filter(organization=acme).first(),
        subscription=Subscription.objects.get(public_id=hook),
        attempts=1,
        last_status_code=500,
        next_attempt_at=timezone.now(),
    )
    DeliveryAttempt.objects.create(delivery=delivery, number=1, status_code=500, message="HTTP 500", latency_ms=4)
    holds(webhook_shapes.DELIVERY_PAGE, api.get(f"/api/v1/webhooks/{hook}/deliveries"), seen)
    holds(webhook_shapes.DELIVERY, api.get(f"/api/v1/deliveries/{delivery.public_id}"), seen)
    Notification.objects.create(
        organization=acme,
        mode=Mode.TEST,
        tracker=tracker,
        channel="email",
        kind="delivered",
        milestone="delivered",
        recipient="karen@example.com",
    )
    holds(page_of(NOTIFICATION), api.get(f"/api/v1/trackers/{tracker.public_id}/notifications"), seen)


def shipment_bodies(api, acme, seen: set[str]) -> None:
    location = LocationFactory(organization=acme, address={"city": "Austin", "country": "US"})
    layout = LayoutFactory(location=location)
    contact = ContactFactory(organization=acme)
    container = ContainerFactory(organization=acme, location=location)
    shipment = ShipmentFactory(
        organization=acme,
        location=location,
        weight=1.5,
        length=1.0,
        width=2.0,
        sender_address={"city": "Austin", "country": "US"},
        recipient_address={"city": "Berlin", "country": "DE"},
    )
    customs = Customs.objects.create(shipment=shipment, incoterm="DAP", certify=True)
    CustomsItem.objects.create(customs=customs, description="Coffee", value=12.0, weight=1.5)
    ShipmentLog.objects.create(shipment=shipment, message="Dented", images=["https://example.com/1.jpg"])
    TrackingUpdate.objects.create(shipment=shipment, status="in_transit", previous_status="created", layout=layout)
    shapes = shipment_shapes
    holds(shapes.SHIPMENT_PAGE, api.get("/api/v1/shipments"), seen)
    url = f"/api/v1/shipments/{shipment.public_id}"
    holds(shapes.SHIPMENT_DETAIL, api.get(url), seen)
    holds(page_of(shapes.TRACKING_UPDATE_OUT), api.get(f"{url}/tracking_updates"), seen)
    holds(page_of(shapes.LOG_OUT), api.get(f"{url}/logs"), seen)
    for shape, path, one in (
        (shapes.LOCATION_OUT, "locations", location),
        (shapes.LAYOUT_OUT, "layouts", layout),
        (shapes.CONTACT_OUT, "contacts", contact),
        (shapes.CONTAINER_OUT, "containers", container),
    ):
        holds(page_of(shape), api.get(f"/api/v1/{path}"), seen)
        holds(shape, api.get(f"/api/v1/{path}/{one.public_id}"), seen)


def personal_data_bodies(api, acme, seen: set[str]) -> None:
    fields = {"customer_name": "Karen Ng", "customer_email": "karen@example.com"}
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000009", fields=fields, enqueue=False).tracker
    Notification.objects.create(
        organization=acme, mode=Mode.TEST, tracker=tracker, channel="email", kind="delivered",
        milestone="delivered", recipient="karen@example.com",
    )  # fmt: skip
    ShipmentFactory(organization=acme, recipient_address={"email": "karen@example.com", "country": "DE"})
    subject = {"email": "karen@example.com"}
    exported = api.post("/api/v1/personal_data/export", subject, format="json")
    assert len(exported.json()["trackers"]) == len(exported.json()["shipments"]) == 1
    holds(privacy_shapes.PERSONAL_DATA, exported, seen)
    holds(privacy_shapes.ERASURE, api.post("/api/v1/personal_data/erase", subject, format="json"), seen)
    seen.add(privacy_shapes.SUBJECT_IN.name)  # a request body: the fuzzing run sends it


def test_every_body_holds_its_shape_and_every_shape_is_held(api, acme):
    seen: set[str] = set()
    for case in (tracker_bodies, webhook_delivery_and_notification_bodies, shipment_bodies, personal_data_bodies):
        case(api, acme, seen)
    assert sorted(s.name for s in SHAPES if s.name not in seen) == []


def test_every_documented_example_holds_its_shape():
    made = [tracker_shapes.TRACKER, webhook_shapes.WEBHOOK, webhook_shapes.CREATED_WEBHOOK, webhook_shapes.DELIVERY]
    made += [NOTIFICATION, USAGE]
    made += [privacy_shapes.PERSONAL_DATA, privacy_shapes.ERASURE]
    made += [shipment_shapes.SHIPMENT, shipment_shapes.SHIPMENT_DETAIL, shipment_shapes.LOCATION_OUT]
    made += [shipment_shapes.LAYOUT_OUT, shipment_shapes.CONTACT_OUT, shipment_shapes.CONTAINER_OUT]
    for shape in made:
        assert shape.differences(shape.example) == []
