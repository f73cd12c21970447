"""Webhook subscriptions and the outbox of events written with the changes that caused them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.fields import BulkJSONField
from accounts.ids import PublicIdField
from accounts.models import Mode, Organization


class EventType(models.TextChoices):
    TRACKER_CREATED = "tracker.created", "Tracker created"
    TRACKER_UPDATED = "tracker.updated", "Tracker updated"
    TRACKER_DELETED = "tracker.deleted", "Tracker deleted"
    SHIPMENT_UPDATED = "shipment.updated", "Shipment updated"


class Subscription(models.Model):
    public_id = PublicIdField(prefix="whk")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="subscriptions")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    url = models.URLField(max_length=500)
    # Write-only: responses say `has_secret`, never the secret.
    secret = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    # Empty list: every event type.
    event_types = models.JSONField(default=list, blank=True)
    description = models.CharField(max_length=200, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "mode", "enabled"], name="subscription_scope")]

    def __str__(self) -> str:
        return self.url

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class Event(models.Model):
    """One thing that happened, as integrations see it; the payload is frozen at write time."""

    public_id = PublicIdField(prefix="evt")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="webhook_events")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    type = models.CharField(max_length=40, choices=EventType.choices)
    # The tracker it is about; null once the tracker is deleted (the payload keeps its id).
    tracker = models.ForeignKey(
        "trackers.Tracker", on_delete=models.SET_NULL, null=True, blank=True, related_name="webhook_events"
    )
    object_id = models.CharField(max_length=40, blank=True, help_text="Public id of the subject")
    data = BulkJSONField(default=dict)
    previous_attributes = BulkJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "mode", "-created_at", "-id"], name="event_list"),
            models.Index(fields=["organization", "mode", "object_id"], name="event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id}"

    def payload(self) -> dict:
        return {
            "id": self.public_id,
            "object": "event",
            "type": self.type,
            "mode": self.mode,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
            "data": self.data,
            "previous_attributes": self.previous_attributes,
        }
