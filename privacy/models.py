"""Per-organization privacy settings, and the audit log of who changed what in the dashboard and admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organization


class PrivacySettings(models.Model):
    """How long recipients' personal data is kept once a tracker is final (no row: kept)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="privacy_settings")
    retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days after a tracker is final before its recipient's name, email, phone and address are "
        "erased (empty: kept).",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "privacy settings"

    def __str__(self) -> str:
        return f"{self.organization}: {self.retention_days or 'keep'}"


class AuditEntry(models.Model):
    """One change made by a person: what, to which object, which fields (never their values)."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Kept when the user is deleted: the log still says who it was.
    actor_label = models.CharField(max_length=150)
    source = models.CharField(max_length=20, help_text="dashboard, admin, api or command")
    action = models.CharField(max_length=40, help_text="e.g. webhook.created, api_key.updated, privacy.erased")
    target = models.CharField(max_length=200, blank=True, help_text="The object changed, as it names itself")
    fields = models.JSONField(default=list, blank=True, help_text="Names of the fields changed")
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["organization", "-created_at", "-id"], name="audit_by_organization")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"
