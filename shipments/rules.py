"""The shipment vocabulary and its transition table, in one place.

A shipment moves forward through these statuses; the table says which moves are allowed. Staying
in the same status is always allowed (a scan at a new location is a tracking update without a
status change). `force_update` lets a person correct a status outside the table, and the service
records that correction in the shipment's log. Tracker statuses (carriers.statuses) map onto these
words in `FROM_TRACKER`, so a carrier's scans advance a shipment through the same table.
"""

from __future__ import annotations

from django.db import models


class ShipmentType(models.TextChoices):
    OUTBOUND = "outbound", "Outbound"
    INBOUND = "inbound", "Inbound"


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (the team only)"
    PUBLIC = "public", "Public (the recipient may see it)"


class ShipmentStatus(models.TextChoices):
    CREATED = "created", "Created"
    PRE_TRANSIT = "pre_transit", "Pre-transit"
    RECEIVED = "received", "Received at a location"
    IN_TRANSIT = "in_transit", "In transit"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup", "Available for pickup"
    DELIVERED = "delivered", "Delivered"
    PICKED_UP = "picked_up", "Picked up by the recipient"
    EXCEPTION = "exception", "Exception"
    RETURN_TO_SENDER = "return_to_sender", "Return to sender"
    CANCELED = "canceled", "Canceled"


S = ShipmentStatus

# From each status, where a shipment may go next (staying put is always allowed).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.CREATED: frozenset(
        {
            S.PRE_TRANSIT,
            S.RECEIVED,
            S.IN_TRANSIT,
            S.OUT_FOR_DELIVERY,
            S.AVAILABLE_FOR_PICKUP,
            S.DELIVERED,
            S.PICKED_UP,
            S.EXCEPTION,
            S.CANCELED,
        }
    ),
    S.PRE_TRANSIT: frozenset(
        {
            S.RECEIVED,
            S.IN_TRANSIT,
            S.OUT_FOR_DELIVERY,
            S.AVAILABLE_FOR_PICKUP,
            S.DELIVERED,
            S.PICKED_UP,
            S.EXCEPTION,
            S.RETURN_TO_SENDER,
            S.CANCELED,
        }
    ),
    S.RECEIVED: frozenset(
        {
            S.IN_TRANSIT,
            S.OUT_FOR_DELIVERY,
            S.AVAILABLE_FOR_PICKUP,
            S.DELIVERED,
            S.PICKED_UP,
            S.EXCEPTION,
            S.RETURN_TO_SENDER,
            S.CANCELED,
        }
    ),
    S.IN_TRANSIT: frozenset(
        {
            S.RECEIVED,
            S.OUT_FOR_DELIVERY,
            S.AVAILABLE_FOR_PICKUP,
            S.DELIVERED,
            S.PICKED_UP,
            S.EXCEPTION,
            S.RETURN_TO_SENDER,
        }
    ),
    S.OUT_FOR_DELIVERY: frozenset(
        {S.RECEIVED, S.IN_TRANSIT, S.AVAILABLE_FOR_PICKUP, S.DELIVERED, S.PICKED_UP, S.EXCEPTION, S.RETURN_TO_SENDER}
    ),
    S.AVAILABLE_FOR_PICKUP: frozenset({S.OUT_FOR_DELIVERY, S.PICKED_UP, S.EXCEPTION, S.RETURN_TO_SENDER}),
    S.EXCEPTION: frozenset(
        {
            S.RECEIVED,
            S.IN_TRANSIT,
            S.OUT_FOR_DELIVERY,
            S.AVAILABLE_FOR_PICKUP,
            S.DELIVERED,
            S.PICKED_UP,
            S.RETURN_TO_SENDER,
            S.CANCELED,
        }
    ),
    S.RETURN_TO_SENDER: frozenset({S.IN_TRANSIT, S.DELIVERED, S.EXCEPTION}),
    # Final: only a forced correction moves them.
    S.DELIVERED: frozenset(),
    S.PICKED_UP: frozenset(),
    S.CANCELED: frozenset(),
}

FINAL = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)


def can_transition(current: str, new: str) -> bool:
    """True when `new` may follow `current` without force_update."""
    return new == current or new in TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses the table allows after `current`, in vocabulary order (for forms and docs)."""
    allowed = TRANSITIONS.get(current, frozenset())
    return [value for value in ShipmentStatus.values if value in allowed]


# A tracker's (status, status_detail) onto a shipment status; None: the tracker says nothing new.
FROM_TRACKER: dict[str, str | None] = {
    "unknown": None,
    "pre_transit": S.PRE_TRANSIT,
    "in_transit": S.IN_TRANSIT,
    "out_for_delivery": S.OUT_FOR_DELIVERY,
    "available_for_pickup": S.AVAILABLE_FOR_PICKUP,
    "delivered": S.DELIVERED,
    "return_to_sender": S.RETURN_TO_SENDER,
    "failure": S.EXCEPTION,
    "error": S.EXCEPTION,
    "canceled": S.CANCELED,
}


def from_tracker(status: str, status_detail: str = "") -> str | None:
    if status == "delivered" and status_detail == "picked_up":
        return S.PICKED_UP
    return FROM_TRACKER.get(status)
