"""Webhook subscriptions and the deliveries of events (events/) owed to them, with their attempt log."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Mode, Organization
from core.ids import PublicIdField
from events.models import TEST_EVENT_TYPE, Event

NATIVE_FORMAT = "native"


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
    # How its deliveries look and are signed: "native", or a dialect's name (webhooks.renderers). A
    # subscription made through a dialect's own API takes that dialect's format.
    format = models.CharField(max_length=20, default=NATIVE_FORMAT)
    # Extra headers sent with every delivery (name -> value), checked by webhooks.headers.
    custom_headers = models.JSONField(default=dict, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    # First failed delivery since the last success: the start of the window that disables it.
    failing_since = models.DateTimeField(null=True, blank=True)
    # The last 2xx answer (refreshed at most every few seconds): with failing_since, the endpoint's health.
    last_success_at = models.DateTimeField(null=True, blank=True)
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


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"


class Delivery(models.Model):
    """One event owed to one subscription: claimed by a worker under a lease, retried with backoff.

    `next_attempt_at` is both the schedule and the lease: claiming moves it to the end of the
    lease, so a worker that dies mid-send leaves a row that is simply due again later.
    """

    public_id = PublicIdField(prefix="dlv")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Automatic attempts allowed; a manual retry allows one more, a test ping has one.
    max_attempts = models.PositiveIntegerField(default=10)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, help_text="Set while a worker is sending it")
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            # The claim query: pending rows that are due, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(fields=["subscription", "-created_at", "-id"], name="delivery_by_subscription"),
            # An endpoint's queue: its pending rows (counted for its health, pulled forward on recovery).
            models.Index(fields=["subscription", "id"], condition=models.Q(status="pending"), name="delivery_queue"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_test(self) -> bool:
        """A test ping: it neither disables a subscription nor clears its failure window."""
        return self.event.type == TEST_EVENT_TYPE


class DeliveryAttempt(models.Model):
    """One HTTP attempt, kept for the log: what the receiver answered, or why nothing came back."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=60, blank=True, help_text="Error class when no HTTP answer came back")
    message = models.CharField(max_length=300, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.TextField(blank=True, help_text="At most 1 KiB of the response body")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["delivery_id", "number", "id"]
        indexes = [models.Index(fields=["delivery", "number"], name="attempt_by_delivery")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
