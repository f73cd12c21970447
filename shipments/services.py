"""The one door for shipments: read, create, and `update_shipment`, which takes PackageX's update body.

The native API, the dashboard, admin, commands and (later) the PackageX dialect call these. An
update is checked whole before anything is written, applied in one transaction, and refused with
one of shipments.errors' codes: a refused update changes no row and emits nothing. A tracking
number gets a tracker through trackers.services (same organization and mode); the tracker's
news comes back as events (shipments.listener), never by trackers importing shipments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Membership, Organization, organization_id
from core.errors import ServiceError, not_found, renamed
from events.outbox import emit
from shipments import customs, notices, validation
from shipments.errors import refuse
from shipments.models import (
    Contact,
    Container,
    Customs,
    CustomsItem,
    Layout,
    Location,
    Shipment,
    ShipmentLog,
    ShipmentTag,
    TrackingUpdate,
)
from shipments.representation import attributes, customs_dict
from shipments.rules import can_transition
from shipments.validation import TEXT_FIELDS
from trackers import services as trackers

Source = TrackingUpdate.Source
# PackageX's rule: a purchased shipment's label exists, so these are frozen.
FROZEN_WHEN_PURCHASED = ("provider_id", "tracking_number", "service_level_id", "dimensions", "weight")
PLAIN_FIELDS = (
    *TEXT_FIELDS,
    "type",
    "coordinates",
    "estimated_delivery_at",
    "pickup_at",
    "weight",
    "sender_address",
    "recipient_address",
)
RELATED = ("container", "location", "layout", "contact", "tracker")
# A detail carries the newest entries of its history and log: its size stays bounded however long
# a shipment lives (a mailroom can scan one parcel hundreds of times).
HISTORY_LIMIT = 100


# --- reading ------------------------------------------------------------------------------------


def organization_of(organization: Organization | int) -> Organization:
    return organization if isinstance(organization, Organization) else Organization.objects.get(pk=organization)


def shipments_for(organization: Organization | int, mode: str) -> QuerySet[Shipment]:
    """Every shipment query starts here: one organization, one mode."""
    return Shipment.objects.filter(organization_id=organization_id(organization), mode=mode)


def get_shipment(organization: Organization | int, mode: str, public_id: str) -> Shipment:
    shipment = shipments_for(organization, mode).select_related(*RELATED).filter(public_id=public_id).first()
    if shipment is None:
        raise not_found("shipment")
    return shipment


@dataclass
class Detail:
    shipment: Shipment
    customs: Customs | None
    logs: list[ShipmentLog] = field(default_factory=list)
    updates: list[TrackingUpdate] = field(default_factory=list)


def shipment_detail(organization: Organization | int, mode: str, public_id: str) -> Detail:
    """The shipment with its customs and its newest logs and history (HISTORY_LIMIT each), newest
    first: five queries, whatever the sizes."""
    shipment = get_shipment(organization, mode, public_id)
    declaration = (
        Customs.objects.filter(shipment=shipment)
        .prefetch_related(Prefetch("items", queryset=CustomsItem.objects.order_by("position", "id")))
        .first()
    )
    logs = list(shipment.logs.select_related("author").order_by("-created_at", "-id")[:HISTORY_LIMIT])
    updates = list(
        shipment.tracking_updates.select_related("container", "location", "layout", "contact", "user").order_by(
            "-occurred_at", "-id"
        )[:HISTORY_LIMIT]
    )
    return Detail(shipment, declaration, logs, updates)


def history_of(organization: Organization | int, mode: str, public_id: str) -> QuerySet[TrackingUpdate]:
    """Every tracking update of the shipment (the detail carries only the newest HISTORY_LIMIT)."""
    shipment = shipments_for(organization, mode).filter(public_id=public_id).values_list("pk", flat=True).first()
    if shipment is None:
        raise not_found("shipment")
    return TrackingUpdate.objects.filter(shipment_id=shipment).select_related(
        "container", "location", "layout", "contact", "user"
    )


def logs_of(organization: Organization | int, mode: str, public_id: str) -> QuerySet[ShipmentLog]:
    shipment = shipments_for(organization, mode).filter(public_id=public_id).values_list("pk", flat=True).first()
    if shipment is None:
        raise not_found("shipment")
    return ShipmentLog.objects.filter(shipment_id=shipment).select_related("author")


# --- changing -----------------------------------------------------------------------------------


def create_shipment(
    organization: Organization | int,
    mode: str,
    data: Mapping,
    *,
    user: User | None = None,
    source: str = Source.API,
) -> Shipment:
    """A new shipment from any of the update body's fields (and `purchased`); all of it or nothing."""
    org = organization_of(organization)
    cleaned = validation.clean(dict(data) if isinstance(data, Mapping) else data, creating=True)
    with transaction.atomic():
        now = timezone.now()
        shipment = Shipment.objects.create(organization=org, mode=mode, created_at=now, updated_at=now)
        _apply(org, shipment, cleaned, user=user, source=source, creating=True)
    return shipment


def update_shipment(
    organization: Organization | int,
    mode: str,
    shipment_id: str,
    changes: Mapping,
    *,
    user: User | None = None,
    source: str = Source.API,
) -> Shipment:
    """PackageX's shipment update: any combination of its fields, applied whole or refused whole.

    `user` is who acts (the dashboard's person; the API passes None): the author of log entries and
    the user of a tracking update that names none. Emits `shipment.updated` with
    `previous_attributes` unless `disable_webhooks` is true (for this update only).
    """
    org = organization_of(organization)
    cleaned = validation.clean(dict(changes) if isinstance(changes, Mapping) else changes)
    with transaction.atomic():
        shipment = (
            shipments_for(org, mode)
            .select_related(*RELATED)
            .select_for_update(of=("self",))
            .filter(public_id=shipment_id)
            .first()
        )
        if shipment is None:
            raise not_found("shipment")
        _apply(org, shipment, cleaned, user=user, source=source, creating=False)
    return shipment


@dataclass
class References:
    """The tracking update's ids, resolved within the organization and mode."""

    given: set[str]
    location: Location | None = None
    layout: Layout | None = None
    contact: Contact | None = None
    container: Container | None = None
    user: User | None = None


def _scoped(model, org: Organization, mode: str, public_id: str, code: str):
    obj = model.objects.filter(organization=org, mode=mode, public_id=public_id).first()
    if obj is None:
        raise refuse(code)
    return obj


def resolve_references(org: Organization, mode: str, update: Mapping) -> References:
    """Each id of another organization (or mode), or of nothing, is refused as `unknown_<kind>`."""
    refs = References(given={k for k in update if k.endswith("_id")})
    if update.get("location_id"):
        refs.location = _scoped(Location, org, mode, update["location_id"], "unknown_location")
    if update.get("layout_id"):
        refs.layout = _scoped(Layout, org, mode, update["layout_id"], "unknown_layout")
    if update.get("contact_id"):
        refs.contact = _scoped(Contact, org, mode, update["contact_id"], "unknown_contact")
    if update.get("container_id"):
        refs.container = _scoped(Container, org, mode, update["container_id"], "unknown_container")
    if update.get("user_id"):
        membership = (
            Membership.objects.filter(organization=org, user__username=update["user_id"]).select_related("user").first()
        )
        if membership is None:
            raise refuse("unknown_user")
        refs.user = membership.user
    return refs


def _differs(shipment: Shipment, name: str, value: object) -> bool:
    if name == "dimensions":
        current = shipment.dimensions or {"length": None, "width": None, "height": None}
        return current != value
    return getattr(shipment, name) != value


def check_container(shipment: Shipment, update: Mapping) -> None:
    """PackageX's rule: no status or location change on a shipment in a container, unless this very
    update unlinks it (`container_id: null`)."""
    moves = {"status", "location_id", "layout_id"} & set(update)
    unlinking = "container_id" in update and update["container_id"] is None
    if shipment.container_id and moves and not unlinking:
        raise refuse("shipment_in_container")


def tracker_may_move(shipment: Shipment, status: str) -> bool:
    """Whether a tracker's news may move this shipment to `status`: the rules every update obeys
    without force_update. A shipment in a container moves with its container only (check_container),
    and only along the transition table (check_status); a carrier's echo never forces anything."""
    if status == shipment.status:
        return False
    try:
        check_container(shipment, {"status": status})
        check_status(shipment.status, status, force=False)
    except ServiceError:
        return False
    return True


def check_status(current: str, new: str | None, force: bool, what: str = "the status") -> bool:
    """True when `new` is a forced correction; refuses a transition outside the table otherwise."""
    if new is None or can_transition(current, new):
        return False
    if not force:
        raise refuse(
            "invalid_status_transition",
            message=f"Cannot change {what} from {current} to {new}. Send a valid transition, "
            "or force_update: true to correct it.",
        )
    return True


def place(shipment: Shipment | Container, update: Mapping, refs: References) -> None:
    """Location and layout together: a layout must belong to the location the shipment ends at."""
    location = refs.location if "location_id" in update else shipment.location
    layout = refs.layout if "layout_id" in update else (shipment.layout if "location_id" not in update else None)
    if refs.layout is not None:
        if location is None and "location_id" not in update:
            location = refs.layout.location  # a layout alone names its location
        elif location is None or refs.layout.location_id != location.pk:
            raise refuse("layout_not_in_location")
    shipment.location, shipment.layout = location, layout


def _link_tracker(org: Organization, shipment: Shipment) -> None:
    """As in PackageX, a shipment with a tracking number gets a tracker (same organization and mode)."""
    if not shipment.tracking_number:
        shipment.tracker = None
        return
    try:
        creation = trackers.create_tracker(org, shipment.mode, shipment.tracking_number, shipment.provider_id or None)
    except ServiceError as exc:  # the tracker's `courier` is the shipment's `provider_id`
        raise renamed(exc, {"courier": "provider_id"}) from None
    shipment.tracker = creation.tracker


def _apply(
    org: Organization,
    shipment: Shipment,
    data: dict,
    *,
    user: User | None,
    source: str,
    creating: bool,
) -> None:
    """Check every rule, then write; any refusal leaves the transaction to roll back untouched rows."""
    before = attributes(shipment)
    force = bool(data.get("force_update"))
    update: dict | None = data.get("tracking_update")

    # Rules first, in the order a person fixes them.
    if update is not None:
        check_container(shipment, update)
    if shipment.purchased and not creating:
        frozen = [name for name in FROZEN_WHEN_PURCHASED if name in data and _differs(shipment, name, data[name])]
        if frozen:
            raise refuse("shipment_purchased", frozen)
    previous_status = shipment.status
    forced = check_status(previous_status, (update or {}).get("status"), force)
    refs = resolve_references(org, shipment.mode, update) if update is not None else None

    # Plain attributes.
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(shipment, name, data[name])
    if "dimensions" in data:
        dims = data["dimensions"]
        shipment.length, shipment.width, shipment.height = dims["length"], dims["width"], dims["height"]
    if "metadata" in data:
        merged = dict(shipment.metadata)
        for key, value in data["metadata"].items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        shipment.metadata = merged
    if "tags" in data:
        shipment.tags = data["tags"]
    if creating and "purchased" in data:
        shipment.purchased = data["purchased"]

    old_customs = None
    customs_fields = None
    if "customs" in data:
        existing = Customs.objects.filter(shipment=shipment).prefetch_related("items").first()
        old_customs = customs_dict(existing)
        customs_fields = customs.check(org, shipment, data["customs"], old_customs)

    if update is not None and refs is not None:
        place(shipment, update, refs)
        if "contact_id" in update:
            shipment.contact = refs.contact
        if "container_id" in update:
            shipment.container = refs.container
        if "status" in update:
            shipment.status = update["status"]

    if before["tracking_number"] != shipment.tracking_number or (
        before["provider_id"] != shipment.provider_id and shipment.tracking_number
    ):
        _link_tracker(org, shipment)

    # Writes.
    now = timezone.now()
    shipment.updated_at = now
    shipment.save()
    if "tags" in data and (creating or before["tags"] != shipment.tags):
        ShipmentTag.objects.filter(shipment=shipment).delete()
        ShipmentTag.objects.bulk_create(
            [ShipmentTag(shipment=shipment, organization=org, mode=shipment.mode, tag=t) for t in shipment.tags]
        )
    touched = False
    if update is not None and refs is not None:
        address = update.get("address")
        TrackingUpdate.objects.create(
            shipment=shipment,
            status=shipment.status,
            previous_status=previous_status,
            forced=forced,
            source=source,
            container=shipment.container,
            location=shipment.location,
            layout=shipment.layout,
            contact=shipment.contact,
            user=refs.user or user,
            comment=update.get("comment", ""),
            address_text=address if isinstance(address, str) else "",
            address=address if isinstance(address, dict) else {},
            images=update.get("images", []),
            occurred_at=now,
        )
        touched = True
    if forced:
        ShipmentLog.objects.create(
            shipment=shipment,
            message=f"Status corrected from {previous_status} to {shipment.status} (force_update).",
            author=user,
            created_at=now,
        )
    if "log" in data:
        ShipmentLog.objects.create(shipment=shipment, author=user, created_at=now, **data["log"])
        touched = True
    if customs_fields is not None:
        customs.write(shipment, customs_fields, data["customs"].get("items"))
        touched = True

    after = attributes(shipment)
    previous = {name: before[name] for name in after if after[name] != before[name]}
    if customs_fields is not None:
        previous["customs"] = old_customs
    if not creating and not data.get("disable_webhooks") and (previous or touched):
        emit(notices.updated(shipment, previous))
