"""Trackings, webhook subscriptions and deliveries in Packy's shape, built from the native
tracker dict, so the API and the webhook deliveries share one function."""

from __future__ import annotations

from core.ids import hex_form
from core.times import iso
from dialects.packy import tables
from events.models import Event
from webhooks.models import Subscription


def event(native_event: dict) -> dict:
    location = native_event.get("location") or {}
    return {
        "occurred_at": native_event["occurred_at"],
        "local_time": native_event["local_time"],
        "time_zone": native_event["time_zone"],
        "status": tables.DELIVERY_STATUS.get(native_event["status"], native_event["status"]),
        "message": native_event["message"],
        "location": {k: location.get(k, "") for k in ("city", "state", "postal_code", "country")},
    }


def tracking(native: dict) -> dict:
    data = {
        "id": hex_form(native["id"]),
        "tracking_number": native["tracking_number"],
        "courier_code": native["courier"],
        "delivery_status": tables.DELIVERY_STATUS.get(native["status"], native["status"]),
        "created_at": native["created_at"],
        "updated_at": native["updated_at"],
    }
    if "events" in native:
        data["events"] = [event(e) for e in native["events"]]
    return data


def subscription(sub: Subscription) -> dict:
    return {
        "id": sub.pk,  # Packy's subscription ids are integers
        "url": sub.url,
        "has_secret": sub.has_secret,
        "enabled": sub.enabled,
        "created_at": iso(sub.created_at),
        "updated_at": iso(sub.updated_at),
    }


def delivery(evt: Event) -> dict:
    """A webhook body: the event's name in Packy's words and the tracking in its shape."""
    return {
        "id": evt.public_id,
        "event": tables.EVENT_TYPES.get(evt.type, evt.type),
        "created_at": iso(evt.created_at),
        "data": tracking(evt.data) if evt.data.get("object") == "tracker" else evt.data,
    }
