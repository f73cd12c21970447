"""A tracker's tags, one row each, so the tag filter is an index lookup (loaded by trackers.models)."""

from __future__ import annotations

from django.db import models

from accounts.models import Mode, Organization


class TrackerTag(models.Model):
    tracker = models.ForeignKey("trackers.Tracker", on_delete=models.CASCADE, related_name="tag_rows")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    tag = models.CharField(max_length=50)

    class Meta:
        app_label = "trackers"
        ordering = ["tag"]
        constraints = [models.UniqueConstraint(fields=["tracker", "tag"], name="trackertag_unique")]
        indexes = [models.Index(fields=["organization", "mode", "tag"], name="trackertag_lookup")]

    def __str__(self) -> str:
        return self.tag
