"""Recipients' personal data erased a set number of days after a tracker is final.

An organization sets `retention_days` (privacy.PrivacySettings); a tracker is final once it stops
being refreshed (no next refresh: delivered or canceled; or `active` false: expired, stopped or
completed by hand), and its last change is the day it became so. The hourly purge erases, in
batches, what those trackers hold about their recipient (privacy.subjects.erase_trackers) and
writes one audit entry per organization and run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.schedules import every_minutes
from privacy import audit
from privacy.models import PrivacySettings
from privacy.subjects import erase_trackers
from trackers.models import Tracker

SCHEDULE_NAME = "erase-expired-personal-data"
BATCH = 500


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> None:
    every_minutes(SCHEDULE_NAME, "privacy.retention.purge", using, minutes=60)


def purge(now: datetime | None = None) -> int:
    """Erase recipients' data past each organization's retention; returns how many trackers."""
    now = now or timezone.now()
    total = 0
    for settings_row in PrivacySettings.objects.filter(retention_days__isnull=False).select_related("organization"):
        cutoff = now - timedelta(days=settings_row.retention_days or 0)
        due = Tracker.objects.filter(
            Q(customer_name__gt="") | Q(customer_email__gt="") | Q(customer_phone__gt=""),
            Q(active=False) | Q(next_refresh_at__isnull=True),
            organization_id=settings_row.organization_id,
            updated_at__lte=cutoff,
        )
        erased = 0
        while ids := list(due.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                erased += erase_trackers(settings_row.organization_id, ids)[0]
        if erased:
            audit.record(
                "privacy.retention_erased",
                organization=settings_row.organization,
                source="retention",
                detail=f"{erased} trackers past {settings_row.retention_days} days",
            )
        total += erased
    return total
