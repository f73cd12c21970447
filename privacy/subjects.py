"""Everything held about one person (an email address or a phone number): export it, or erase it.

A recipient's personal data is their name, email, phone and street address. It sits on trackers
(`customer_*`), in the outbox events written from them (webhook bodies are rendered from those),
in the notification log (the recipient and the message's frozen context) and in shipments'
recipient addresses. Erasing blanks those and keeps everything else: the tracking history, the
statuses and times, the country and postal code (which the delivery history's lanes need). The
audit entry names the person by a hash, never by the address it erased.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Mode, Organization, organization_id
from core.errors import FieldError, ServiceError
from core.times import iso
from events.models import Event
from notifications.models import Notification
from shipments.models import Shipment
from trackers.models import Tracker

CUSTOMER_FIELDS = ("customer_name", "customer_email", "customer_phone")
# The parts of an address that name or reach a person; country and postal code stay.
ADDRESS_PERSONAL = ("name", "company", "line1", "line2", "phone", "email")
CONTEXT_PERSONAL = ("name", "customer_name", "customer_email", "customer_phone")
ERASED = "erased"


@dataclass(frozen=True)
class Subject:
    """One person, by a normalized email address or an E.164 phone number."""

    email: str = ""
    phone: str = ""

    @property
    def label(self) -> str:
        """A stable, non-reversible name for the audit log."""
        digest = hashlib.sha256((self.email or self.phone).encode()).hexdigest()[:16]
        return f"{'email' if self.email else 'phone'}:{digest}"


def subject(email: object = None, phone: object = None) -> Subject:
    """Validate and normalize what identifies the person: exactly one of an email or a phone."""
    email = email.strip().lower() if isinstance(email, str) else email
    phone = phone.strip() if isinstance(phone, str) else phone
    if bool(email) == bool(phone):
        raise ServiceError(
            "invalid_subject",
            "Send exactly one of `email` or `phone`.",
            400,
            errors=[FieldError("email", "Send an email address or a phone number, not both and not neither.")],
        )
    if email:
        if not isinstance(email, str) or len(email) > 254:
            raise _bad("email", "Enter a valid email address.")
        try:
            validate_email(email)
        except ValidationError:
            raise _bad("email", "Enter a valid email address.") from None
        return Subject(email=email)
    if not isinstance(phone, str) or len(phone) > 40:
        raise _bad("phone", "Enter the phone number with its country code, e.g. +14155552671.")
    try:
        number = phonenumbers.parse(phone if phone.startswith("+") else "+" + phone, None)
    except phonenumbers.NumberParseException:
        raise _bad("phone", "Enter the phone number with its country code, e.g. +14155552671.") from None
    if not phonenumbers.is_valid_number(number):
        raise _bad("phone", "Enter the phone number with its country code, e.g. +14155552671.")
    return Subject(phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _bad(name: str, message: str) -> ServiceError:
    return ServiceError("invalid_subject", message, 400, errors=[FieldError(name, message)])


def _trackers(org_id: int, who: Subject):
    match = Q(customer_email__iexact=who.email) if who.email else Q(customer_phone=who.phone)
    return Tracker.objects.filter(match, organization_id=org_id)


def _notifications(org_id: int, who: Subject):
    recipient = who.email or who.phone
    return Notification.objects.filter(organization_id=org_id, recipient__iexact=recipient)


def _shipments(org_id: int, who: Subject) -> list[Shipment]:
    """Shipments whose recipient address reaches the person (JSON is matched in Python: portable)."""
    key, value = ("email", who.email) if who.email else ("phone", who.phone)
    candidates = Shipment.objects.filter(organization_id=org_id).exclude(recipient_address={})
    lookup = {f"recipient_address__{key}__iexact": value}
    return list(candidates.filter(**lookup))


@dataclass
class Found:
    trackers: list[dict] = field(default_factory=list)
    notifications: list[dict] = field(default_factory=list)
    shipments: list[dict] = field(default_factory=list)

    def as_dict(self, who: Subject) -> dict:
        return {
            "object": "personal_data",
            "subject": {"email": who.email or None, "phone": who.phone or None},
            "exported_at": iso(timezone.now()),
            "trackers": self.trackers,
            "notifications": self.notifications,
            "shipments": self.shipments,
        }


def export(organization: Organization | int, who: Subject) -> dict:
    """Everything this organization holds about the person, both modes, as one JSON-ready dict."""
    org_id = organization_id(organization)
    found = Found()
    for t in _trackers(org_id, who).order_by("created_at", "id"):
        found.trackers.append(
            {
                "id": t.public_id,
                "mode": t.mode,
                "tracking_number": t.tracking_number,
                "courier": t.courier,
                "status": t.status,
                "customer_name": t.customer_name,
                "customer_email": t.customer_email,
                "customer_phone": t.customer_phone,
                "destination_country": t.destination_country,
                "destination_postal_code": t.destination_postal_code,
                "order_id": t.order_id,
                "created_at": iso(t.created_at),
            }
        )
    for n in _notifications(org_id, who).select_related("tracker").order_by("created_at", "id"):
        found.notifications.append(
            {
                "id": n.public_id,
                "tracker": n.tracker.public_id,
                "channel": n.channel,
                "recipient": n.recipient,
                "milestone": n.milestone,
                "status": n.status,
                "created_at": iso(n.created_at),
                "sent_at": iso(n.sent_at),
            }
        )
    for s in _shipments(org_id, who):
        found.shipments.append(
            {
                "id": s.public_id,
                "mode": s.mode,
                "recipient_address": s.recipient_address,
                "created_at": iso(s.created_at),
            }
        )
    return found.as_dict(who)


@dataclass(frozen=True)
class Erased:
    trackers: int
    events: int
    notifications: int
    shipments: int

    def as_dict(self) -> dict:
        return {
            "object": "erasure",
            "trackers": self.trackers,
            "events": self.events,
            "notifications": self.notifications,
            "shipments": self.shipments,
        }


def erase(organization: Organization | int, who: Subject) -> Erased:
    """Blank the person's data everywhere this organization holds it, in one transaction."""
    org_id = organization_id(organization)
    with transaction.atomic():
        tracker_ids = list(_trackers(org_id, who).values_list("pk", flat=True))
        notification_ids = list(_notifications(org_id, who).values_list("pk", flat=True))
        shipments = _shipments(org_id, who)
        counts = erase_trackers(org_id, tracker_ids, extra_notifications=notification_ids)
        for s in shipments:
            s.recipient_address = scrub_address(s.recipient_address)
        Shipment.objects.bulk_update(shipments, ["recipient_address"])
    return Erased(counts[0], counts[1], counts[2], len(shipments))


def erase_trackers(
    org_id: int, tracker_ids: Sequence[int], extra_notifications: Sequence[int] = ()
) -> tuple[int, int, int]:
    """Blank recipients' data on these trackers, their events and notifications, and their shipments'
    recipient addresses (the caller holds the transaction). Returns (trackers, events, notifications)."""
    now = timezone.now()
    trackers = Tracker.objects.filter(pk__in=tracker_ids)
    public_ids = list(trackers.values_list("public_id", flat=True))
    changed = trackers.update(customer_name="", customer_email="", customer_phone="", updated_at=now)
    events = list(Event.objects.filter(organization_id=org_id, mode__in=Mode.values, subject_id__in=public_ids))
    for event in events:
        event.data = scrub_payload(event.data)
        if event.previous_attributes:
            event.previous_attributes = scrub_payload(event.previous_attributes)
    Event.objects.bulk_update(events, ["data", "previous_attributes"], batch_size=500)
    notifications = list(
        Notification.objects.filter(Q(tracker_id__in=tracker_ids) | Q(pk__in=list(extra_notifications)))
    )
    for n in notifications:
        n.recipient = ERASED
        n.context = {k: ("" if k in CONTEXT_PERSONAL else v) for k, v in (n.context or {}).items()}
        n.updated_at = now
    Notification.objects.bulk_update(notifications, ["recipient", "context", "updated_at"], batch_size=500)
    linked = list(Shipment.objects.filter(tracker_id__in=tracker_ids).exclude(recipient_address={}))
    for s in linked:
        s.recipient_address = scrub_address(s.recipient_address)
    Shipment.objects.bulk_update(linked, ["recipient_address"], batch_size=500)
    return changed, len(events), len(notifications)


def scrub_payload(data: dict) -> dict:
    """A tracker payload (or previous_attributes) with the customer's fields blanked, at any depth."""
    if not isinstance(data, dict):
        return data
    out: dict = {}
    for key, value in data.items():
        if key in CUSTOMER_FIELDS:
            out[key] = "" if value is not None else None
        elif isinstance(value, dict):
            out[key] = scrub_payload(value)
        else:
            out[key] = value
    return out


def scrub_address(address: dict) -> dict:
    if not isinstance(address, dict):
        return address
    return {k: v for k, v in address.items() if k not in ADDRESS_PERSONAL}
