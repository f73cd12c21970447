"""Delivery history and the per-lane model, both as plain rows.

A `DeliveryRecord` is one past delivery (a tracker of ours that was delivered, or a line of an
operator's import). A `LaneFit` is the model for one lane at one level of detail: how many
deliveries it has seen and the histogram of their transit times in the carrier's delivery days
(and of the carrier's estimate's error where it gave one). A `FitState` says when an
organization's model was fitted and how wide its interval must be to cover what it claims.
Everything is scoped by organization and mode.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Mode, Organization

ANY = "*"  # a lane key part that was dropped (a broader level)


class DeliveryRecord(models.Model):
    class Source(models.TextChoices):
        TRACKER = "tracker", "Delivered tracker"
        IMPORT = "import", "Imported"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    tracking_number = models.CharField(max_length=64)
    carrier = models.CharField(max_length=40)
    service = models.CharField(max_length=100, blank=True)
    origin_country = models.CharField(max_length=2, blank=True)
    origin_postal_code = models.CharField(max_length=20, blank=True)
    destination_country = models.CharField(max_length=2, blank=True)
    destination_postal_code = models.CharField(max_length=20, blank=True)
    # Country plus postal prefix (regions.region), computed once at insert so fits group on them.
    origin_region = models.CharField(max_length=16, blank=True)
    destination_region = models.CharField(max_length=16, blank=True)
    shipped_at = models.DateTimeField(help_text="First carrier scan (UTC)")
    delivered_at = models.DateTimeField(help_text="UTC")
    # Local calendar days of the first scan and the delivery: what transit days are counted on.
    shipped_on = models.DateField()
    delivered_on = models.DateField()
    carrier_estimate = models.DateField(null=True, blank=True, help_text="The carrier's date at the first scan")
    # The first `latest` this platform showed for the tracker (on-time rate); null for imports.
    first_latest = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.TRACKER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Idempotent imports and recording: one delivery per parcel and first scan.
            models.UniqueConstraint(
                fields=["organization", "mode", "carrier", "tracking_number", "shipped_at"],
                name="delivery_record_unique",
            )
        ]
        indexes = [models.Index(fields=["organization", "mode", "shipped_on"], name="delivery_record_shipped")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number} {self.shipped_on}→{self.delivered_on}"


class LaneFit(models.Model):
    """One lane at one level: `key` is carrier|service|origin region|destination region, `*` dropped."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    key = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(help_text="0 the full lane … 3 every carrier")
    deliveries = models.PositiveIntegerField(default=0)
    # counts[d] = deliveries that took d delivery days (the last bucket holds the rest).
    transit = models.JSONField(default=list)
    # Carrier estimate's error (actual minus estimate, delivery days) shifted by ERROR_OFFSET.
    estimate_error = models.JSONField(default=list)
    # On the carrier-level rows: the weekdays (0 Monday … 6 Sunday) the carrier delivers on.
    weekdays = models.CharField(max_length=7, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "mode", "key"], name="lane_fit_unique")]

    def __str__(self) -> str:
        return f"{self.key} ({self.deliveries})"


class FitState(models.Model):
    """When the model was fitted, on how much, and the interval level its coverage called for."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    fitted_at = models.DateTimeField(default=timezone.now)
    deliveries = models.PositiveIntegerField(default=0)
    # The central share of the distribution shown as "the 80 % interval": 0.8 unless the measured
    # coverage on the last weeks of history said otherwise (fitting.calibrate).
    interval_level = models.FloatField(default=0.8)
    measured_coverage = models.FloatField(null=True, blank=True, help_text="At the nominal 80 %")
    calibrated_coverage = models.FloatField(null=True, blank=True, help_text="At interval_level")
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "mode"], name="fit_state_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.mode} {self.fitted_at:%Y-%m-%d %H:%M}"
