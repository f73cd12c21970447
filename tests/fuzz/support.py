"""What the fuzzing checks, and the objects whose ids it gives the operations: shared by tests/fuzz
and bench/fuzz.py (Django is imported inside make_objects, so the benchmark can read this first)."""

from __future__ import annotations

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
# Operations that take an id get a real one; each path parameter is named after what it holds.
CONFIG = """
[[operations]]
include-path-regex = "^/api/v1/trackers/"
parameters = {{ public_id = "{tracker}" }}

[[operations]]
include-path-regex = "^/api/v1/webhooks/"
parameters = {{ public_id = "{webhook}" }}

[[operations]]
include-path-regex = "^/api/v1/events/"
parameters = {{ public_id = "{event}" }}

[[operations]]
include-path-regex = "^/api/v1/deliveries/"
parameters = {{ public_id = "{delivery}" }}

[[operations]]
include-path-regex = "^/api/v1/shipments/"
parameters = {{ public_id = "{shipment}" }}

[[operations]]
include-path-regex = "^/api/v1/locations/"
parameters = {{ public_id = "{location}" }}

[[operations]]
include-path-regex = "^/api/v1/layouts/"
parameters = {{ public_id = "{layout}" }}

[[operations]]
include-path-regex = "^/api/v1/contacts/"
parameters = {{ public_id = "{contact}" }}

[[operations]]
include-path-regex = "^/api/v1/containers/"
parameters = {{ public_id = "{container}" }}
"""


def make_objects(organization, receiver_url: str) -> dict[str, str]:
    """One object of each kind in test mode, made through the services; their ids by CONFIG's names."""
    from accounts.models import Mode
    from events.models import Event
    from shipments import parts
    from shipments import services as shipments
    from trackers import services as trackers
    from webhooks.models import Delivery
    from webhooks.subscriptions import create_subscription

    mode = Mode.TEST
    webhook = create_subscription(organization, mode, {"url": receiver_url, "secret": "s" * 24})
    tracker = trackers.create_tracker(organization, mode, "PKGX-DDDDDDD-1234567", enqueue=False).tracker
    location = parts.create(parts.LOCATION, organization, mode, {"name": "Dock"})
    layout = parts.create(parts.LAYOUT, organization, mode, {"name": "Shelf A", "location_id": location.public_id})
    contact = parts.create(parts.CONTACT, organization, mode, {"name": "Ada", "email": "ada@example.com"})
    container = parts.create(parts.CONTAINER, organization, mode, {"name": "Cage 1"})
    shipment = shipments.create_shipment(organization, mode, {"order_number": "#1", "notes": "fuzz"})
    return {
        "tracker": tracker.public_id,
        "webhook": webhook.public_id,
        "event": Event.objects.filter(organization=organization).latest("id").public_id,
        "delivery": Delivery.objects.filter(subscription=webhook).latest("id").public_id,
        "shipment": shipment.public_id,
        "location": location.public_id,
        "layout": layout.public_id,
        "contact": contact.public_id,
        "container": container.public_id,
    }
