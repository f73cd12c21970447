"""A saved filter set of the tracker list (loaded by trackers.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organization
from core.ids import PublicIdField


class SavedView(models.Model):
    """A member's named filter set (the list's query string); shared ones appear for every member."""

    public_id = PublicIdField(prefix="vw")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    query = models.CharField(max_length=1000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "trackers"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "owner"], name="savedview_owner")]

    def __str__(self) -> str:
        return self.name
