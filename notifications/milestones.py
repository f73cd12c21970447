"""Which tracker changes are worth telling the recipient about: the milestone rule, stated once.

A milestone is a kind an organization switches on or off (in transit, out for delivery, …) and a
key that names it for one tracker. Ordinary milestones are keyed by their status, so a tracker that
goes out for delivery twice (a failed attempt in between) is told once. Exceptions are keyed by
what went wrong (`exception:failure:package_lost`), so a second, different problem is told too,
but the same problem reported again is not. The key is what the unique constraint
(tracker, channel, milestone) holds: one notification per tracker per milestone, ever.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from carriers.statuses import Detail, Status


class Milestone(models.TextChoices):
    PRE_TRANSIT = "pre_transit", _("Label created")
    IN_TRANSIT = "in_transit", _("Shipped / in transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Available for pickup")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Every exception (failed attempt, failure, return, cancellation, carrier error)")


DEFAULT_MILESTONES = [
    Milestone.IN_TRANSIT.value,
    Milestone.OUT_FOR_DELIVERY.value,
    Milestone.AVAILABLE_FOR_PICKUP.value,
    Milestone.DELIVERED.value,
    Milestone.EXCEPTION.value,
]

EXCEPTION_STATUSES = frozenset({Status.FAILURE, Status.RETURN_TO_SENDER, Status.CANCELED, Status.ERROR})
# Problems the carrier reports while the status stays in transit.
EXCEPTION_DETAILS = frozenset({Detail.DELIVERY_ATTEMPTED, Detail.ADDRESS_ISSUE, Detail.PACKAGE_DAMAGED})
PLAIN = {
    Status.PRE_TRANSIT: Milestone.PRE_TRANSIT,
    Status.IN_TRANSIT: Milestone.IN_TRANSIT,
    Status.OUT_FOR_DELIVERY: Milestone.OUT_FOR_DELIVERY,
    Status.AVAILABLE_FOR_PICKUP: Milestone.AVAILABLE_FOR_PICKUP,
    Status.DELIVERED: Milestone.DELIVERED,
}


@dataclass(frozen=True)
class Reached:
    kind: str  # a Milestone value: what the organization's settings switch
    key: str  # what the unique constraint holds for one tracker


def milestone_of(status: str, detail: str) -> Reached | None:
    """The milestone a tracker in this (status, status_detail) has reached, or None (unknown, …)."""
    if status in EXCEPTION_STATUSES or detail in EXCEPTION_DETAILS:
        return Reached(Milestone.EXCEPTION.value, f"exception:{status}:{detail or '-'}"[:80])
    kind = PLAIN.get(status)  # type: ignore[call-overload]
    return Reached(kind.value, kind.value) if kind is not None else None


def headline(status: str, detail: str) -> str:
    """One sentence in plain words, in the active language: what happened to the parcel."""
    if detail == Detail.DELIVERY_ATTEMPTED:
        return gettext("The carrier tried to deliver your parcel but could not.")
    if detail == Detail.PICKED_UP and status == Status.DELIVERED:
        return gettext("Your parcel has been collected.")
    sentences = {
        Status.PRE_TRANSIT: gettext("The label for your parcel has been created."),
        Status.IN_TRANSIT: gettext("Your parcel is on its way."),
        Status.OUT_FOR_DELIVERY: gettext("Your parcel is out for delivery."),
        Status.AVAILABLE_FOR_PICKUP: gettext("Your parcel is ready for pickup."),
        Status.DELIVERED: gettext("Your parcel has been delivered."),
        Status.RETURN_TO_SENDER: gettext("Your parcel is being returned to the sender."),
        Status.CANCELED: gettext("Your shipment has been canceled."),
        Status.ERROR: gettext("The carrier asks you to contact them about your parcel."),
    }
    if status in sentences and detail not in EXCEPTION_DETAILS:
        return sentences[status]  # type: ignore[index]
    label = Detail(detail).label if detail in Detail.values else ""
    if label:
        return gettext("There is a problem with your parcel: %(problem)s.") % {"problem": str(label).lower()}
    return gettext("There is a problem with your parcel.")
