"""A tracker in PackageX's shape, from the native tracker dict."""

from __future__ import annotations

from carriers.registry import get_courier
from dialects.packagex import PACKAGEX, tables


def update(event: dict) -> dict:
    return {
        "status": tables.status(event["status"], event["status_detail"]),
        "comment": event["message"],
        "location": event.get("location") or {},
        "time_zone": event["time_zone"],
        "local_time": event["local_time"],
        "created_at": event["occurred_at"],
    }


def tracker(native: dict) -> dict:
    courier = get_courier(native["courier"])
    data = {
        "id": PACKAGEX.ids.out(native["id"]),
        "object": "tracker",
        "mode": native["mode"],
        "tracking_number": native["tracking_number"],
        "provider_id": native["courier"],
        "provider": {"id": native["courier"], "name": courier.name if courier else native["courier"]},
        "status": tables.status(native["status"], native["status_detail"]),
        "final_status": tables.final_status(native["status"], native["status_detail"]),
        "status_detail": native["status_detail"],
        "estimated_delivery_at": native["est_delivery_at"],
        "delivered_at": native["delivered_at"],
        "metadata": native["metadata"],
        "public_url": native["public_url"],
        "created_at": native["created_at"],
        "updated_at": native["updated_at"],
    }
    if "events" in native:
        data["tracking_updates"] = [update(e) for e in native["events"]]
    return data


def shipment(native: dict) -> dict:
    """The native shipment document with its tracker named as PackageX names trackers (`track_…`),
    so the id resolves at /packagex/v1/trackers/{id}; everything else is PackageX's already."""
    tracker_id = native.get("tracker_id")
    return {**native, "tracker_id": PACKAGEX.ids.out(tracker_id) if tracker_id else tracker_id}
