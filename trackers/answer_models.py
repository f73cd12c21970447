"""The carrier's own words, kept: its answers that changed something, and each organization's
overrides of the status maps (loaded by trackers.models; written by trackers/answers.py and
trackers/overrides.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Organization
from carriers.statuses import Status
from core.ids import PublicIdField


class CarrierAnswer(models.Model):
    """One carrier answer as it came (the HTTP body, zlib-compressed) and why it gave the status it did.

    Kept only when the answer changed the tracker (a new scan, a new status), for
    CARRIER_ANSWER_RETENTION_DAYS, so `manage.py renormalize` can apply today's status maps to it.
    """

    tracker = models.ForeignKey("trackers.Tracker", on_delete=models.CASCADE, related_name="answers", db_index=False)
    received_at = models.DateTimeField(default=timezone.now, help_text="When the carrier was asked")
    adapter = models.CharField(max_length=20, help_text="The adapter that parsed it (usps, 17track, …)")
    map_version = models.CharField(max_length=12, blank=True, help_text="Its status maps' version then")
    body = models.BinaryField(help_text="The response body, zlib-compressed")
    # Why the tracker's status was chosen: the carrier's code and words the map read, what it gave,
    # and whether an organization's override chose it instead.
    raw_code = models.CharField(max_length=64, blank=True)
    raw_description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    status_detail = models.CharField(max_length=40, blank=True)
    overridden = models.BooleanField(default=False)

    class Meta:
        app_label = "trackers"
        indexes = [
            models.Index(fields=["tracker", "-received_at"], name="answer_newest"),
            models.Index(fields=["received_at"], name="answer_purge"),
        ]

    def __str__(self) -> str:
        return f"{self.adapter} answer of {self.received_at:%Y-%m-%d %H:%M}"


class StatusOverride(models.Model):
    """An organization's own reading of one carrier code: (courier, raw code) -> status, detail."""

    public_id = PublicIdField(prefix="sov")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    courier = models.CharField(max_length=40)
    raw_code = models.CharField(max_length=64)
    status = models.CharField(max_length=24, choices=Status.choices)
    status_detail = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "trackers"
        ordering = ["courier", "raw_code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "courier", "raw_code"], name="status_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.courier} {self.raw_code} -> {self.status}/{self.status_detail}"
