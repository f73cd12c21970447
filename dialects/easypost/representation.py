"""Trackers and events in EasyPost's shape, built from the native representation.

The input is the native tracker dict (trackers.representation.tracker_dict, also what an Event
stores), so the API responses and the webhook deliveries of this dialect are the same function.
"""

from __future__ import annotations

from core.times import iso
from dialects.easypost import EASYPOST, tables
from webhooks.models import Subscription

CARRIER_DETAIL_FIELDS = (
    "service",
    "container_type",
    "est_delivery_date_local",
    "est_delivery_time_local",
    "origin_location",
    "origin_tracking_location",
    "destination_location",
    "destination_tracking_location",
    "guaranteed_delivery_date",
    "alternate_identifier",
    "initial_delivery_attempt",
)


def tracking_detail(event: dict, carrier: str) -> dict:
    location = event.get("location") or {}
    return {
        "object": "TrackingDetail",
        "message": event["message"],
        "description": None,
        "status": event["status"],
        "status_detail": tables.detail(event["status_detail"]),
        # Local time with its offset when the zone is known; UTC otherwise (as EasyPost does).
        "datetime": event["local_time"],
        "source": carrier,
        "carrier_code": None,
        "tracking_location": {
            "object": "TrackingLocation",
            "city": location.get("city") or None,
            "state": location.get("state") or None,
            "country": location.get("country") or None,
            "zip": location.get("postal_code") or None,
        },
    }


# EasyPost gives a tracker's weight in ounces; carriers report it in their own unit.
OUNCES_PER = {"oz": 1.0, "lb": 16.0, "lbs": 16.0, "kg": 35.27396, "g": 0.03527396}


def ounces(weight: dict | None) -> float | None:
    if not weight or weight.get("value") is None:
        return None
    factor = OUNCES_PER.get(str(weight.get("unit") or "").lower())
    return round(weight["value"] * factor, 2) if factor is not None else None


def tracker(native: dict) -> dict:
    carrier = tables.carrier_name(native["courier"])
    events = native.get("events") or []
    return {
        "id": native["id"],
        "object": "Tracker",
        "mode": tables.MODES.get(native["mode"], native["mode"]),
        "tracking_code": native["tracking_number"],
        "status": native["status"],
        "status_detail": tables.detail(native["status_detail"]),
        "carrier": carrier,
        "est_delivery_date": native["est_delivery_at"],
        "signed_by": native.get("signed_by") or None,
        "weight": ounces(native.get("weight")),
        # EasyPost lists scans oldest first; the native timeline is newest first.
        "tracking_details": [tracking_detail(e, carrier) for e in reversed(events)],
        "carrier_detail": {
            "object": "CarrierDetail",
            **dict.fromkeys(CARRIER_DETAIL_FIELDS),
            "service": native.get("service") or None,
        },
        "public_url": native["public_url"],
        "shipment_id": None,
        "is_return": False,
        "finalized": native["status"] in ("delivered", "canceled"),
        "fees": [],
        "created_at": native["created_at"],
        "updated_at": native["updated_at"],
    }


def previous_attributes(previous: dict) -> dict:
    out = {}
    for name, value in previous.items():
        if name == "status_detail" and isinstance(value, str):
            value = tables.detail(value)
        elif name == "courier" and isinstance(value, str):
            value = tables.carrier_name(value)
        out[tables.RENAMED.get(name, name)] = value
    return out


def event(public_id: str, type_: str, mode: str, created_at: str | None, data: dict, previous: dict) -> dict:
    """An EasyPost Event about a tracker: `result` is the tracker in this dialect's shape."""
    return {
        "id": public_id,
        "object": "Event",
        "mode": tables.MODES.get(mode, mode),
        "description": type_,
        "status": "completed",
        "previous_attributes": previous_attributes(previous),
        "result": tracker(data) if data.get("object") == "tracker" else data,
        "pending_urls": [],
        "completed_urls": [],
        "user_id": None,
        "created_at": created_at,
        "updated_at": created_at,
    }


def webhook(sub: Subscription) -> dict:
    """A subscription as EasyPost's Webhook object (the secret is never shown)."""
    return {
        "id": EASYPOST.ids.out(sub.public_id),
        "object": "Webhook",
        "mode": tables.MODES.get(sub.mode, sub.mode),
        "url": sub.url,
        "created_at": iso(sub.created_at),
        "disabled_at": None if sub.enabled else iso(sub.updated_at),
        "custom_headers": [{"name": name, "value": value} for name, value in sub.custom_headers.items()],
    }
