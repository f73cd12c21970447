"""PackageX's shipment update rules, table-driven: each accepted and refused, with the exact code, field
list and HTTP status; a refused update leaves every row as it was and emits nothing."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from core.errors import ServiceError
from events.models import Event, EventType
from shipments import services
from shipments.api_schema import CUSTOMS_EXAMPLE
from shipments.errors import CATALOG
from shipments.models import Customs, ShipmentLog, TrackingUpdate
from tests.shipments.conftest import dump, make_shipment

US = {"country": "US", "city": "Austin"}
DE = {"country": "DE", "city": "Berlin"}
CUSTOMS = CUSTOMS_EXAMPLE["customs"]

# (name, how the shipment starts, the update, the refusal (code, fields, status) or None)
CASES = [
    # Containers
    (
        "status in a container",
        {"in_container": True},
        {"tracking_update": {"status": "in_transit"}},
        ("shipment_in_container", ["container_id"], 400),
    ),
    (
        "location in a container",
        {"in_container": True},
        {"tracking_update": {"location_id": "@location"}},
        ("shipment_in_container", ["container_id"], 400),
    ),
    (
        "layout in a container",
        {"in_container": True},
        {"tracking_update": {"layout_id": "@layout"}},
        ("shipment_in_container", ["container_id"], 400),
    ),
    ("comment in a container", {"in_container": True}, {"tracking_update": {"comment": "Seen on the shelf"}}, None),
    (
        "unlink and move in one update",
        {"in_container": True},
        {"tracking_update": {"container_id": None, "status": "in_transit"}},
        None,
    ),
    ("notes in a container", {"in_container": True}, {"notes": "Fragile"}, None),
    # Purchased shipments
    (
        "purchased: provider_id",
        {"purchased": True},
        {"provider_id": "usps"},
        ("shipment_purchased", ["provider_id"], 400),
    ),
    (
        "purchased: tracking_number",
        {"purchased": True},
        {"tracking_number": "PKGX-AAAAAAA-7654321"},
        ("shipment_purchased", ["tracking_number"], 400),
    ),
    (
        "purchased: service_level_id",
        {"purchased": True},
        {"service_level_id": "ground"},
        ("shipment_purchased", ["service_level_id"], 400),
    ),
    (
        "purchased: dimensions",
        {"purchased": True},
        {"dimensions": {"length": 1, "width": 2, "height": 3}},
        ("shipment_purchased", ["dimensions"], 400),
    ),
    ("purchased: weight", {"purchased": True}, {"weight": 2.5}, ("shipment_purchased", ["weight"], 400)),
    (
        "purchased: several",
        {"purchased": True},
        {"weight": 2.5, "provider_id": "usps"},
        ("shipment_purchased", ["provider_id", "weight"], 400),
    ),
    ("purchased: same weight again", {"purchased": True, "weight": 1.0}, {"weight": 1.0, "notes": "x"}, None),
    ("purchased: reference numbers", {"purchased": True}, {"order_number": "#1001", "notes": "ok"}, None),
    ("not purchased: weight", {}, {"weight": 2.5, "dimensions": {"length": 1, "width": 2, "height": 3}}, None),
    # Status transitions
    ("valid transition", {}, {"tracking_update": {"status": "in_transit"}}, None),
    ("same status again", {"status": "in_transit"}, {"tracking_update": {"status": "in_transit"}}, None),
    (
        "from a final status",
        {"status": "delivered"},
        {"tracking_update": {"status": "in_transit"}},
        ("invalid_status_transition", ["status"], 400),
    ),
    (
        "backwards from pickup",
        {"status": "available_for_pickup"},
        {"tracking_update": {"status": "pre_transit"}},
        ("invalid_status_transition", ["status"], 400),
    ),
    (
        "forced correction",
        {"status": "delivered"},
        {"force_update": True, "tracking_update": {"status": "in_transit"}},
        None,
    ),
    (
        "unknown status",
        {},
        {"tracking_update": {"status": "teleported"}},
        ("invalid_fields", ["tracking_update.status"], 400),
    ),
    # Location and layout
    ("layout of the location", {}, {"tracking_update": {"location_id": "@location", "layout_id": "@layout"}}, None),
    (
        "layout of another location",
        {},
        {"tracking_update": {"location_id": "@location", "layout_id": "@other_layout"}},
        ("layout_not_in_location", ["layout_id", "location_id"], 400),
    ),
    ("layout alone names its location", {}, {"tracking_update": {"layout_id": "@layout"}}, None),
    (
        "layout outside the current location",
        {"at": "@other_location"},
        {"tracking_update": {"layout_id": "@layout"}},
        ("layout_not_in_location", ["layout_id", "location_id"], 400),
    ),
    # Another organization's (or mode's) objects
    (
        "globex location",
        {},
        {"tracking_update": {"location_id": "@globex_location"}},
        ("unknown_location", ["location_id"], 400),
    ),
    (
        "live location in test mode",
        {},
        {"tracking_update": {"location_id": "@live_location"}},
        ("unknown_location", ["location_id"], 400),
    ),
    ("globex layout", {}, {"tracking_update": {"layout_id": "@globex_layout"}}, ("unknown_layout", ["layout_id"], 400)),
    (
        "globex contact",
        {},
        {"tracking_update": {"contact_id": "@globex_contact"}},
        ("unknown_contact", ["contact_id"], 400),
    ),
    (
        "globex container",
        {},
        {"tracking_update": {"container_id": "@globex_container"}},
        ("unknown_container", ["container_id"], 400),
    ),
    (
        "no such contact",
        {},
        {"tracking_update": {"contact_id": "ctc_nothing"}},
        ("unknown_contact", ["contact_id"], 400),
    ),
    ("bob is not in acme", {}, {"tracking_update": {"user_id": "bob"}}, ("unknown_user", ["user_id"], 400)),
    ("alice is in acme", {}, {"tracking_update": {"user_id": "alice", "comment": "Signed for"}}, None),
    (
        "acme contact and container",
        {},
        {"tracking_update": {"contact_id": "@contact", "container_id": "@container"}},
        None,
    ),
    # International customs
    ("domestic customs", {"sender_address": US, "recipient_address": US}, {"customs": CUSTOMS}, None),
    (
        "international customs, setting off",
        {"sender_address": US, "recipient_address": DE},
        {"customs": CUSTOMS},
        ("international_shipping_disabled", ["customs"], 400),
    ),
    (
        "international customs, setting on",
        {"sender_address": US, "recipient_address": DE, "intl": True},
        {"customs": CUSTOMS},
        None,
    ),
    (
        "becoming international in the same update",
        {"sender_address": US, "recipient_address": US},
        {"recipient_address": DE, "customs": CUSTOMS},
        ("international_shipping_disabled", ["customs"], 400),
    ),
    (
        "contents other without explanation",
        {"intl": True},
        {"customs": {**CUSTOMS, "contents_type": "other"}},
        ("contents_explanation_required", ["customs.contents_explanation"], 400),
    ),
    (
        "contents other with explanation",
        {"intl": True},
        {"customs": {**CUSTOMS, "contents_type": "other", "contents_explanation": "Samples"}},
        None,
    ),
    (
        "restriction without comments",
        {"intl": True},
        {"customs": {**CUSTOMS, "restriction_type": "quarantine"}},
        ("restriction_comments_required", ["customs.restriction_comments"], 400),
    ),
    (
        "restriction with comments",
        {"intl": True},
        {"customs": {**CUSTOMS, "restriction_type": "quarantine", "restriction_comments": "Plants"}},
        None,
    ),
    # Tracking numbers and types
    (
        "small tracking number",
        {},
        {"tracking_number": "PKGX-1"},
        ("shipment_tracking_number_too_short", ["tracking_number"], 400),
    ),
    ("a number where a string belongs", {}, {"order_number": 1001}, ("invalid_fields", ["order_number"], 400)),
    ("a string where a number belongs", {}, {"weight": "heavy"}, ("invalid_fields", ["weight"], 400)),
    ("a string where a boolean belongs", {}, {"force_update": "yes"}, ("invalid_fields", ["force_update"], 400)),
    ("tags not strings", {}, {"tags": [1, 2]}, ("invalid_fields", ["tags"], 400)),
    ("coordinates of one number", {}, {"coordinates": [1]}, ("invalid_fields", ["coordinates"], 400)),
    (
        "bad dates and type",
        {},
        {"pickup_at": "soon", "type": "sideways"},
        ("invalid_fields", ["pickup_at", "type"], 400),
    ),
    (
        "customs item quantity",
        {},
        {"customs": {"items": [{"description": "Mug", "quantity": "two"}]}},
        ("invalid_fields", ["customs.items[0].quantity"], 400),
    ),
    (
        "customs item quantity too large",
        {},
        {"customs": {"items": [{"description": "Mug", "quantity": 10**20}]}},
        ("invalid_fields", ["customs.items[0].quantity"], 400),
    ),
    ("log without message", {}, {"log": {"visibility": "public"}}, ("invalid_fields", ["log.message"], 400)),
    (
        "an image that is not a web link",
        {},
        {"log": {"message": "x", "images": ["javascript:alert(1)"]}},
        ("invalid_fields", ["log.images"], 400),
    ),
    ("unknown field", {}, {"colour": "blue"}, ("unknown_field", ["colour"], 400)),
    (
        "NUL characters",
        {},
        {"notes": "a\x00b", "metadata": {"k": "v\x00"}, "tags": ["\x00"]},
        ("invalid_fields", ["metadata", "notes", "tags"], 400),
    ),
    ("not an object", {}, ["notes"], ("invalid_body", [], 400)),
    (
        "test number without a tracker rule",
        {},
        {"tracking_number": "1Z999999999999999"},
        ("not_a_sandbox_number", ["tracking_number"], 422),
    ),
    (
        "unknown provider",
        {},
        {"tracking_number": "PKGX-AAAAAAA-7654321", "provider_id": "pigeon"},
        ("unknown_courier", ["provider_id"], 400),
    ),
]


def _ids(world, value):
    if isinstance(value, str) and value.startswith("@"):
        return getattr(world, value[1:]).public_id
    if isinstance(value, dict):
        return {k: _ids(world, v) for k, v in value.items()}
    return value


def _start(acme, world, setup: dict):
    setup = dict(setup)
    if setup.pop("intl", False):
        acme.international_shipping = True
        acme.save()
        setup.setdefault("sender_address", US)
        setup.setdefault("recipient_address", DE)
    in_container = setup.pop("in_container", False)
    status = setup.pop("status", None)
    at = setup.pop("at", None)
    shipment = make_shipment(acme, **setup)
    if status:
        services.update_shipment(
            acme, Mode.TEST, shipment.public_id, {"force_update": True, "tracking_update": {"status": status}}
        )
    if at:
        services.update_shipment(
            acme, Mode.TEST, shipment.public_id, {"tracking_update": {"location_id": _ids(world, at)}}
        )
    if in_container:
        services.update_shipment(
            acme, Mode.TEST, shipment.public_id, {"tracking_update": {"container_id": world.container.public_id}}
        )
    return shipment


@pytest.mark.parametrize(("name", "setup", "changes", "refusal"), CASES, ids=[c[0] for c in CASES])
def test_update_rule(acme, world, name, setup, changes, refusal):
    shipment = _start(acme, world, setup)
    changes = _ids(world, changes) if isinstance(changes, dict) else changes
    if refusal is None:
        events_before = Event.objects.filter(type=EventType.SHIPMENT_UPDATED).count()
        updated = services.update_shipment(acme, Mode.TEST, shipment.public_id, changes)
        assert Event.objects.filter(type=EventType.SHIPMENT_UPDATED).count() == events_before + 1
        if "tracking_update" in changes:
            latest = updated.tracking_updates.order_by("-id").first()
            assert latest.status == updated.status
        return
    code, fields, status = refusal
    before = dump()
    with pytest.raises(ServiceError) as caught:
        services.update_shipment(acme, Mode.TEST, shipment.public_id, changes)
    error = caught.value
    named = sorted(e.field for e in error.errors if e.field)
    assert (error.code, named, error.status) == (code, sorted(fields), status)
    if code in CATALOG and code not in ("invalid_fields", "unknown_field", "invalid_status_transition"):
        assert error.message == CATALOG[code].message
    assert dump() == before, "a refused update changed rows"


def test_packagex_messages_are_word_for_word():
    assert CATALOG["shipment_in_container"].message == (
        "Cannot update the status or location on a shipment in a container. Either unlink the shipment from the "
        "container or update the container directly."
    )
    assert CATALOG["shipment_tracking_number_too_short"].message == (
        "Invalid tracking number: The tracking number must be at least 10 characters long. Please provide a "
        "complete and valid tracking number."
    )
    assert CATALOG["unknown_contact"].message == "Contact does not belong to the organization"


def test_a_forced_correction_is_logged(acme, world, alice):
    shipment = _start(acme, world, {"status": "delivered"})
    services.update_shipment(
        acme,
        Mode.TEST,
        shipment.public_id,
        {"force_update": True, "tracking_update": {"status": "in_transit"}},
        user=alice,
    )
    log = ShipmentLog.objects.filter(shipment=shipment).order_by("-id").first()
    assert log.message == "Status corrected from delivered to in_transit (force_update)."
    assert log.author == alice
    assert TrackingUpdate.objects.filter(shipment=shipment, forced=True).count() == 1


def test_packagex_customs_defaults(acme):
    shipment = make_shipment(acme)
    items = [
        {"description": "Coffee Beans", "sku": "COF-001"},
        {"description": "Mug"},
        {"description": "Tea", "sku": "T-1", "code": "TEA", "mode": "production", "manufacturer": "Leaf Co"},
    ]
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"customs": {"items": items}})
    rows = list(Customs.objects.get(shipment=shipment).items.order_by("position"))
    assert [(r.code, r.mode, r.manufacturer) for r in rows] == [
        ("COF-001", "test", "N/A"),
        ("N/A", "test", "N/A"),
        ("TEA", "production", "Leaf Co"),
    ]


def test_every_field_of_the_update_body_is_applied(acme, world, alice):
    shipment = make_shipment(acme, tracking_number="PKGX-AAAAAAA-0000001")
    body = {
        "type": "inbound",
        "coordinates": [30.27, -97.74],
        "estimated_delivery_at": "2025-02-22T15:00:00Z",
        "pickup_at": 1740236400000,
        "rma_number": "RMA-1",
        "invoice_number": "INV-1",
        "order_number": "#1001",
        "purchase_order": "PO-1",
        "reference_number": "REF-1",
        "account_id": "ACC-1",
        "tracking_number": "PKGX-BBBBBBB-0000002",
        "provider_id": "sandbox",
        "service_level_id": "ground",
        "weight": 1.5,
        "dimensions": {"length": 10, "width": 8, "height": 4},
        "notes": "Leave at the desk",
        "tags": ["vip", "fragile", "vip"],
        "metadata": {"shop": "eu"},
        "tracking_update": {
            "status": "received",
            "location_id": world.location.public_id,
            "layout_id": world.layout.public_id,
            "contact_id": world.contact.public_id,
            "user_id": "alice",
            "comment": "Checked in",
            "address": {"line1": "1 Main St", "city": "Austin", "country": "us"},
            "images": ["https://example.com/image1.jpg"],
        },
        "log": {"message": "Box dented", "images": ["https://example.com/dent.jpg"], "visibility": "public"},
        "customs": CUSTOMS,
    }
    old_tracker = shipment.tracker
    s = services.update_shipment(acme, Mode.TEST, shipment.public_id, body, user=alice)
    s.refresh_from_db()
    assert (s.type, s.coordinates, s.status) == ("inbound", [30.27, -97.74], "received")
    assert s.estimated_delivery_at.isoformat() == "2025-02-22T15:00:00+00:00"
    assert s.pickup_at.isoformat() == "2025-02-22T15:00:00+00:00"
    assert (s.rma_number, s.invoice_number, s.order_number, s.purchase_order, s.reference_number, s.account_id) == (
        "RMA-1",
        "INV-1",
        "#1001",
        "PO-1",
        "REF-1",
        "ACC-1",
    )
    assert (s.weight, s.length, s.width, s.height, s.service_level_id) == (1.5, 10, 8, 4, "ground")
    assert s.tags == ["vip", "fragile"] and s.metadata == {"shop": "eu"} and s.notes == "Leave at the desk"
    assert (s.location, s.layout, s.contact) == (world.location, world.layout, world.contact)
    assert s.tracker != old_tracker and s.tracker.tracking_number == "PKGX-BBBBBBB-0000002"
    update = s.tracking_updates.get()
    assert (update.user, update.comment, update.address["country"], update.images) == (
        alice,
        "Checked in",
        "US",
        ["https://example.com/image1.jpg"],
    )
    log = s.logs.get()
    assert (log.message, log.visibility, log.author) == ("Box dented", "public", alice)
    assert s.customs.items.get().description == "Coffee Beans"
    event = Event.objects.filter(type=EventType.SHIPMENT_UPDATED, subject_id=s.public_id).get()
    assert event.previous_attributes["status"] == "created"
    assert event.previous_attributes["tracking_number"] == "PKGX-AAAAAAA-0000001"
    assert event.data["status"] == "received"


def test_metadata_merges_and_null_removes(acme):
    shipment = make_shipment(acme, metadata={"a": 1, "b": 2})
    s = services.update_shipment(acme, Mode.TEST, shipment.public_id, {"metadata": {"b": None, "c": 3}})
    assert s.metadata == {"a": 1, "c": 3}


def test_disable_webhooks_affects_only_that_update(acme):
    shipment = make_shipment(acme)
    count = Event.objects.filter(type=EventType.SHIPMENT_UPDATED).count
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "quiet", "disable_webhooks": True})
    assert count() == 0
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "loud"})
    assert count() == 1
    event = Event.objects.get(type=EventType.SHIPMENT_UPDATED)
    assert event.previous_attributes == {"notes": "quiet"}


def test_an_update_that_changes_nothing_emits_nothing(acme):
    shipment = make_shipment(acme, notes="same")
    services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "same"})
    assert not Event.objects.filter(type=EventType.SHIPMENT_UPDATED).exists()


def test_another_organizations_shipment_is_not_found(acme, globex):
    shipment = make_shipment(globex)
    with pytest.raises(ServiceError) as caught:
        services.update_shipment(acme, Mode.TEST, shipment.public_id, {"notes": "mine"})
    assert (caught.value.code, caught.value.status) == ("not_found", 404)
