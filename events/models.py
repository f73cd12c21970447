"""The outbox: one row per thing that happened, written in the transaction of the change itself.

An event names its subject generically (a type such as "tracker" and a public id), never by a
foreign key to a domain model, so trackers, shipments and whatever comes next emit through the same
table, and a subject's events outlive it (a deleted tracker's `tracker.deleted` still says what it was).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Mode, Organization
from core.fields import BulkJSONField
from core.ids import PublicIdField
from core.times import iso


class EventType(models.TextChoices):
    TRACKER_CREATED = "tracker.created", "Tracker created"
    TRACKER_UPDATED = "tracker.updated", "Tracker updated"
    TRACKER_DELETED = "tracker.deleted", "Tracker deleted"
    SHIPMENT_UPDATED = "shipment.updated", "Shipment updated"
    # The exception queue: a person took a tracker's problem on, or settled it.
    EXCEPTION_ASSIGNED = "exception.assigned", "Exception assigned"
    EXCEPTION_RESOLVED = "exception.resolved", "Exception resolved"


# A webhook's test ping: written to the outbox by webhooks.services.send_test, delivered only to the
# subscription it was sent to and never emitted by a change, so it is no EventType a subscription picks.
TEST_EVENT_TYPE = "webhook.test"


class Event(models.Model):
    """One thing that happened, as integrations see it; the payload is frozen at write time."""

    public_id = PublicIdField(prefix="evt")
    # Indexed by the three indexes below, which all start with it.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events", db_index=False)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    type = models.CharField(max_length=40, choices=EventType.choices)
    subject_type = models.CharField(max_length=20, blank=True, help_text="What the event is about, e.g. tracker")
    subject_id = models.CharField(max_length=40, blank=True, help_text="Public id of the subject")
    data = BulkJSONField(default=dict)
    previous_attributes = BulkJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "mode", "-created_at", "-id"], name="event_list"),
            models.Index(fields=["organization", "mode", "subject_id"], name="event_subject"),
            models.Index(fields=["organization", "mode", "type", "-created_at", "-id"], name="event_by_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.subject_id}"

    def payload(self) -> dict:
        """The body a webhook receiver gets, and what the events API shows."""
        return {
            "id": self.public_id,
            "object": "event",
            "type": self.type,
            "mode": self.mode,
            "created_at": iso(self.created_at),
            "data": self.data,
            "previous_attributes": self.previous_attributes,
        }
