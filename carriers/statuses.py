"""The tracker vocabulary (DESIGN.md): ten statuses, refined by a status_detail.

Dialects translate from these words in their own tables; nothing else invents status strings.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PRE_TRANSIT = "pre_transit", _("Pre-transit")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Available for pickup")
    DELIVERED = "delivered", _("Delivered")
    RETURN_TO_SENDER = "return_to_sender", _("Return to sender")
    FAILURE = "failure", _("Failure")
    CANCELED = "canceled", _("Canceled")
    ERROR = "error", _("Error")


class Detail(models.TextChoices):
    LABEL_CREATED = "label_created", _("Label created")
    ACCEPTED = "accepted", _("Picked up by the carrier")
    IN_TRANSIT = "in_transit", _("In transit")
    ARRIVED_AT_FACILITY = "arrived_at_facility", _("Arrived at facility")
    DEPARTED_FACILITY = "departed_facility", _("Departed facility")
    ARRIVED_AT_DESTINATION = "arrived_at_destination", _("Arrived at destination facility")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERY_ATTEMPTED = "delivery_attempted", _("Delivery attempted")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Available for pickup")
    DELIVERED = "delivered", _("Delivered")
    PICKED_UP = "picked_up", _("Picked up by the recipient")
    CONTACT_PROVIDER = "contact_provider", _("Contact the carrier")
    PACKAGE_DAMAGED = "package_damaged", _("Package damaged")
    PACKAGE_UNDELIVERABLE = "package_undeliverable", _("Package undeliverable")
    PACKAGE_LOST = "package_lost", _("Package lost")
    ADDRESS_ISSUE = "address_issue", _("Address issue")
    RETURN_TO_SENDER = "return_to_sender", _("Returning to sender")
    CANCELED = "canceled", _("Canceled")
    NO_ADAPTER = "no_adapter", _("No carrier adapter is configured")
    NOT_FOUND_YET = "not_found_yet", _("The carrier has no information yet")
    EXPIRED = "expired", _("No new information for a long time; no longer refreshed")
    STATUS_UPDATE = "status_update", _("Status update")


# PackageX's nine final statuses onto the (status, status_detail) pair, as DESIGN.md tables it.
PACKAGEX_FINAL = {
    "delivered": (Status.DELIVERED, Detail.DELIVERED),
    "picked_up": (Status.DELIVERED, Detail.PICKED_UP),
    "contact_provider": (Status.ERROR, Detail.CONTACT_PROVIDER),
    "package_damaged": (Status.FAILURE, Detail.PACKAGE_DAMAGED),
    "package_undeliverable": (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
    "package_lost": (Status.FAILURE, Detail.PACKAGE_LOST),
    "address_issue": (Status.FAILURE, Detail.ADDRESS_ISSUE),
    "return_to_sender": (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
    "canceled": (Status.CANCELED, Detail.CANCELED),
}

# Statuses after which nothing more will happen: no refresh is scheduled.
FINAL_STATUSES = frozenset({Status.DELIVERED, Status.CANCELED})

# What the support team's exceptions queue shows.
EXCEPTION_STATUSES = frozenset({Status.FAILURE, Status.ERROR, Status.RETURN_TO_SENDER})
EXCEPTION_DETAILS = frozenset({Detail.ADDRESS_ISSUE, Detail.PACKAGE_DAMAGED, Detail.DELIVERY_ATTEMPTED})

# The recipient's progress line: which step each status has reached (exceptions stop the line).
PROGRESS_STEPS = [Status.PRE_TRANSIT, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY, Status.DELIVERED]
# Keyed by the status value: model fields hold plain strings, which hash and compare equal to the members.
PROGRESS_INDEX: dict[str, int] = {
    Status.UNKNOWN: -1,
    Status.PRE_TRANSIT: 0,
    Status.IN_TRANSIT: 1,
    Status.OUT_FOR_DELIVERY: 2,
    Status.AVAILABLE_FOR_PICKUP: 2,
    Status.DELIVERED: 3,
}
