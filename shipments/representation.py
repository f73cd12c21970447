"""The shipment as the outside world sees it: one shape for the API, webhooks and the dashboard.

Plain dicts, like trackers.representation: cheap enough for webhook payloads and lists.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.times import iso
from shipments.models import (
    Contact,
    Container,
    Customs,
    Layout,
    Location,
    Shipment,
    ShipmentLog,
    TrackingUpdate,
)

REFERENCE_FIELDS = ("rma_number", "invoice_number", "order_number", "purchase_order", "reference_number", "account_id")
# What `previous_attributes` may name, read the same way as `data`.
ATTRIBUTES = (
    "type",
    "status",
    "coordinates",
    "estimated_delivery_at",
    "pickup_at",
    *REFERENCE_FIELDS,
    "tracking_number",
    "provider_id",
    "service_level_id",
    "weight",
    "dimensions",
    "purchased",
    "notes",
    "tags",
    "metadata",
    "sender_address",
    "recipient_address",
    "container_id",
    "location_id",
    "layout_id",
    "contact_id",
    "tracker_id",
)


def _pid(obj) -> str | None:
    return obj.public_id if obj is not None else None


def attributes(shipment: Shipment) -> dict:
    """The shipment's own attributes (no nested rows): what a change is compared on."""
    return {
        "type": shipment.type,
        "status": shipment.status,
        "coordinates": shipment.coordinates,
        "estimated_delivery_at": iso(shipment.estimated_delivery_at),
        "pickup_at": iso(shipment.pickup_at),
        **{name: getattr(shipment, name) for name in REFERENCE_FIELDS},
        "tracking_number": shipment.tracking_number,
        "provider_id": shipment.provider_id,
        "service_level_id": shipment.service_level_id,
        "weight": shipment.weight,
        "dimensions": shipment.dimensions,
        "purchased": shipment.purchased,
        "notes": shipment.notes,
        "tags": list(shipment.tags),
        "metadata": dict(shipment.metadata),
        "sender_address": dict(shipment.sender_address),
        "recipient_address": dict(shipment.recipient_address),
        "container_id": _pid(shipment.container),
        "location_id": _pid(shipment.location),
        "layout_id": _pid(shipment.layout),
        "contact_id": _pid(shipment.contact),
        "tracker_id": _pid(shipment.tracker),
    }


def shipment_dict(
    shipment: Shipment,
    *,
    customs: Customs | None = None,
    logs: Iterable[ShipmentLog] | None = None,
    updates: Iterable[TrackingUpdate] | None = None,
    detail: bool = False,
) -> dict:
    data = {
        "id": shipment.public_id,
        "object": "shipment",
        "mode": shipment.mode,
        **attributes(shipment),
        "international": shipment.is_international,
        "tracker_status": shipment.tracker.status if shipment.tracker is not None else None,
        "created_at": iso(shipment.created_at),
        "updated_at": iso(shipment.updated_at),
    }
    if detail:
        data["customs"] = customs_dict(customs)
        data["logs"] = [log_dict(log) for log in logs or ()]
        data["tracking_updates"] = [update_dict(u) for u in updates or ()]
    return data


def customs_dict(customs: Customs | None) -> dict | None:
    if customs is None:
        return None
    return {
        "incoterm": customs.incoterm,
        "signer": customs.signer,
        "certify": customs.certify,
        "contents_type": customs.contents_type,
        "contents_explanation": customs.contents_explanation,
        "eel_type": customs.eel_type,
        "restriction_type": customs.restriction_type,
        "restriction_comments": customs.restriction_comments,
        "non_delivery_option": customs.non_delivery_option,
        "items": [
            {
                "description": i.description,
                "quantity": i.quantity,
                "value": i.value,
                "weight": i.weight,
                "sku": i.sku,
                "code": i.code,
                "origin_country": i.origin_country,
                "hs_tariff_number": i.hs_tariff_number,
                "currency": i.currency,
                "mode": i.mode,
                "manufacturer": i.manufacturer,
            }
            for i in customs.items.all()
        ],
    }


def log_dict(log: ShipmentLog) -> dict:
    return {
        "id": log.public_id,
        "message": log.message,
        "images": list(log.images),
        "visibility": log.visibility,
        "author": log.author.get_username() if log.author is not None else None,
        "created_at": iso(log.created_at),
    }


def update_dict(update: TrackingUpdate) -> dict:
    return {
        "id": update.public_id,
        "status": update.status,
        "previous_status": update.previous_status or None,
        "forced": update.forced,
        "source": update.source,
        "container_id": _pid(update.container),
        "location_id": _pid(update.location),
        "layout_id": _pid(update.layout),
        "contact_id": _pid(update.contact),
        "user": update.user.get_username() if update.user is not None else None,
        "comment": update.comment,
        "address": update.address or update.address_text or None,
        "images": list(update.images),
        "occurred_at": iso(update.occurred_at),
    }


def location_dict(location: Location) -> dict:
    return {
        "id": location.public_id,
        "object": "location",
        "name": location.name,
        "address": location.address,
        "created_at": iso(location.created_at),
        "updated_at": iso(location.updated_at),
    }


def layout_dict(layout: Layout) -> dict:
    return {
        "id": layout.public_id,
        "object": "layout",
        "name": layout.name,
        "location_id": layout.location.public_id,
        "created_at": iso(layout.created_at),
        "updated_at": iso(layout.updated_at),
    }


def contact_dict(contact: Contact) -> dict:
    return {
        "id": contact.public_id,
        "object": "contact",
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "company": contact.company,
        "created_at": iso(contact.created_at),
        "updated_at": iso(contact.updated_at),
    }


def container_dict(container: Container) -> dict:
    return {
        "id": container.public_id,
        "object": "container",
        "name": container.name,
        "status": container.status,
        "location_id": _pid(container.location),
        "layout_id": _pid(container.layout),
        "created_at": iso(container.created_at),
        "updated_at": iso(container.updated_at),
    }
