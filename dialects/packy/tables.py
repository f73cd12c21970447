"""Packy's words, as data: its delivery_status is our status word for word; its event names; its
field names and paths where they differ from the native API's; its page ceiling."""

from __future__ import annotations

from carriers.statuses import Status
from core.errors import COURIER_LIST_HINT

DELIVERY_STATUS: dict[str, str] = {value: value for value in Status.values}
EVENT_TYPES = {
    "tracker.created": "tracking.created",
    "tracker.updated": "tracking.updated",
    "tracker.deleted": "tracking.deleted",
}

# The tracker's field names as Packy spells them, and its path for the courier list.
FIELD_NAMES = {"courier": "courier_code"}
HINTS = {COURIER_LIST_HINT: "GET /packy/v1/couriers lists the supported codes."}
# The most trackings one list page serves: a larger `limit` is served at this (meta says so).
MAX_LIMIT = 100
