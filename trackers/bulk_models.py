"""A bulk action over many trackers, run in the background with its progress (loaded by trackers.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Mode, Organization
from core.ids import PublicIdField


class BulkJob(models.Model):
    class Action(models.TextChoices):
        REFRESH = "refresh", "Refresh now"
        ADD_TAG = "add_tag", "Add a tag"
        REMOVE_TAG = "remove_tag", "Remove a tag"
        ASSIGN = "assign", "Assign"
        RESOLVE = "resolve", "Resolve"
        DELETE = "delete", "Delete"
        EXPORT = "export", "Export CSV"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    public_id = PublicIdField(prefix="blk")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    params = models.JSONField(default=dict, blank=True)
    # What it was asked over: "selected" ids, or "all matching" a filter (its query string).
    description = models.CharField(max_length=300, blank=True)
    # The trackers' primary keys, fixed when the job starts, so progress has a total and a restart resumes.
    target_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # The first refusals, as {"tracker": public id, "message": …}.
    problems = models.JSONField(default=list, blank=True)
    export = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "trackers"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at"], name="bulkjob_list")]

    def __str__(self) -> str:
        return f"{self.action} over {self.total}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)
