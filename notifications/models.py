"""What an organization chose, what a recipient refused, and every notification queued or sent.

These tables live here, not on Organization or Tracker, so the notifications app needs no migration
in the apps below it (they never import this one).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Mode, Organization
from core.ids import PublicIdField, random_string
from notifications.milestones import DEFAULT_MILESTONES, Milestone
from notifications.privacy import mask
from trackers.models import Tracker


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


def default_milestones() -> list[str]:
    return list(DEFAULT_MILESTONES)


def new_token() -> str:
    return random_string(40)


class NotificationSettings(models.Model):
    """Per organization and mode: which channels and which milestones notify (no row: the defaults)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notification_settings")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    email_enabled = models.BooleanField(default=True)
    sms_enabled = models.BooleanField(default=True)
    milestones = models.JSONField(default=default_milestones, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "notification settings"
        constraints = [models.UniqueConstraint(fields=["organization", "mode"], name="notification_settings_unique")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.mode})"

    def channels(self) -> set[str]:
        return {c for c, on in ((Channel.EMAIL, self.email_enabled), (Channel.SMS, self.sms_enabled)) if on}

    def wants(self, kind: str) -> bool:
        return kind in (self.milestones or [])


class MessageTemplate(models.Model):
    """An organization's own wording for one channel in one language (no row: the translated default)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="message_templates")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=200, blank=True, help_text="Email only")
    body = models.TextField(max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "channel", "language"], name="message_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.channel} {self.language}"


class Suppression(models.Model):
    """A tracker that must not notify on a channel: the recipient unsubscribed, or the team opted out."""

    class Source(models.TextChoices):
        RECIPIENT = "recipient", _("The recipient unsubscribed")
        TEAM = "team", _("Turned off by the team")
        PROVIDER = "provider", _("The provider reports the recipient opted out")

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="notification_suppressions")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tracker", "channel"], name="suppression_unique")]

    def __str__(self) -> str:
        return f"{self.tracker_id} {self.channel} ({self.source})"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Notification(models.Model):
    """One message to one recipient about one milestone of one tracker, and how sending it went.

    The unique constraint on (tracker, channel, milestone) is the promise "one notification per
    tracker per milestone, ever": a refresh that repeats a status, or a listener that runs twice,
    inserts nothing. `context` freezes what the message says at the moment the milestone happened.
    """

    public_id = PublicIdField(prefix="ntf")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notifications")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    kind = models.CharField(max_length=24, choices=Milestone.choices)
    milestone = models.CharField(max_length=80)
    recipient = models.CharField(max_length=254, help_text="Shown masked everywhere but the message itself")
    language = models.CharField(max_length=10, default="en")
    context = models.JSONField(default=dict)
    event_id = models.CharField(max_length=40, blank=True, help_text="Public id of the event that reached it")
    unsubscribe_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    status = models.CharField(max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, help_text="Message-ID or the provider's message id")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tracker", "channel", "milestone"], name="notification_once_per_milestone")
        ]
        indexes = [
            # The sender's claim: only pending rows with a due time.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=models.Q(status="pending"),
            ),
            # Rows whose worker died while sending (their lease ran out).
            models.Index(fields=["lease_until"], name="notification_sending", condition=models.Q(status="sending")),
            models.Index(fields=["tracker", "-created_at"], name="notification_tracker"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.channel} {self.milestone} to {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        return mask(self.channel, self.recipient)
