"""Packy's words, as data: its delivery_status is our status word for word; its event names."""

from __future__ import annotations

from carriers.statuses import Status

DELIVERY_STATUS: dict[str, str] = {value: value for value in Status.values}
EVENT_TYPES = {
    "tracker.created": "tracking.created",
    "tracker.updated": "tracking.updated",
    "tracker.deleted": "tracking.deleted",
}
