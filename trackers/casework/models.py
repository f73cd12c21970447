"""A tracker's case in the exception queue and its internal notes (loaded by trackers.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Case(models.Model):
    """The team's state of one tracker in the queue; created the first time someone acts on it."""

    tracker = models.OneToOneField("trackers.Tracker", on_delete=models.CASCADE, related_name="case")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "trackers"
        indexes = [models.Index(fields=["assignee"], name="case_assignee")]

    def __str__(self) -> str:
        return f"case of tracker {self.tracker_id}"


class CaseNote(models.Model):
    """An internal comment on a tracker: the team sees it, the recipient and the API never do."""

    tracker = models.ForeignKey("trackers.Tracker", on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "trackers"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tracker", "-created_at"], name="casenote_tracker")]

    def __str__(self) -> str:
        return f"note on tracker {self.tracker_id}"
