"""When refreshing a tracker stops, per organization (docs/refresh.md, Lifecycle).

Four rules stop it: a final status (`delivered` waits `after_delivery_days` first, since some
carriers keep adding scans such as "collected from the locker"), no news for
`expire_after_days`, the carrier saying nothing more will happen, and a person completing the
tracker by hand. The two numbers are the organization's settings (accounts.Organization), empty
meaning the installation's defaults (`EXPIRE_AFTER_DAYS`, `REFRESH_AFTER_DELIVERY_DAYS`).

`cadence.plan` applies a `Lifecycle`; the refresh loads one per organization per batch
(`for_organizations`, one query). `stops` says the same thing to a person or an integration:
when refreshing will stop and why, or why it has stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from accounts import lifecycle_settings
from accounts.models import Organization
from carriers.statuses import FINAL_STATUSES, Status
from trackers.staleness import Staleness

FIELDS = lifecycle_settings.FIELDS  # the Organization's (accounts.services.update_settings saves them)


class StopReason(models.TextChoices):
    NO_NEWS = "no_news", "no news for too long"
    AFTER_DELIVERY = "after_delivery", "the days after delivery passed"
    FINAL_STATUS = "final_status", "a final status"
    COMPLETED_BY_USER = "completed_by_user", "completed by hand"


@dataclass(frozen=True)
class Lifecycle:
    expire_after_days: int
    refresh_after_delivery_days: int = 0

    @classmethod
    def installation(cls) -> Lifecycle:
        return cls(settings.EXPIRE_AFTER_DAYS, settings.REFRESH_AFTER_DELIVERY_DAYS)

    @classmethod
    def of(cls, expire_after_days: int | None, refresh_after_delivery_days: int | None) -> Lifecycle:
        """The organization's numbers, each falling back to the installation's when empty."""
        default = cls.installation()
        return cls(
            default.expire_after_days if expire_after_days is None else expire_after_days,
            default.refresh_after_delivery_days if refresh_after_delivery_days is None else refresh_after_delivery_days,
        )


def for_organizations(organization_ids: set[int]) -> dict[int, Lifecycle]:
    """Each organization's lifecycle, in one query (a refresh batch loads them once)."""
    rows = Organization.objects.filter(pk__in=organization_ids).values_list("pk", *FIELDS)
    return {pk: Lifecycle.of(expire, after) for pk, expire, after in rows}


def for_organization(organization_id: int) -> Lifecycle:
    """The organization's lifecycle from the per-process map (accounts/lifecycle_settings.py)."""
    custom = lifecycle_settings.overrides().get(organization_id)
    return Lifecycle.of(*custom) if custom else Lifecycle.installation()


def delivery_reference(delivered_at: datetime | None, last_event_at: datetime | None, created_at: datetime) -> datetime:
    """When the parcel was delivered: its delivery scan, else its last news."""
    return delivered_at or last_event_at or created_at


@dataclass(frozen=True)
class Stop:
    at: datetime | None  # when refreshing will stop; None once it has stopped (or never by time)
    reason: str  # a StopReason
    days: int | None = None  # the organization's number behind the reason

    @property
    def stopped(self) -> bool:
        return self.at is None

    def __str__(self) -> str:
        if self.days is None:
            return f"refreshing stopped: {StopReason(self.reason).label}"
        rule = RULES[self.reason].format(days=self.days)
        return f"refreshing stopped {rule}" if self.stopped else f"refreshing stops {rule} (on {self.at:%Y-%m-%d})"


RULES: dict[str, str] = {
    StopReason.NO_NEWS: "after {days} days without news",
    StopReason.AFTER_DELIVERY: "{days} days after delivery",
}


def stops(tracker, policy: Lifecycle) -> Stop:
    """When and why refreshing this tracker stops (or why it stopped): what the tracker shows."""
    if not tracker.active:
        if tracker.staleness_reason == Staleness.EXPIRED:
            return Stop(None, StopReason.NO_NEWS, policy.expire_after_days)
        return Stop(None, StopReason.COMPLETED_BY_USER)
    if tracker.status == Status.DELIVERED:
        if tracker.next_refresh_at is None or not policy.refresh_after_delivery_days:
            return Stop(None, StopReason.FINAL_STATUS)
        delivered = delivery_reference(tracker.delivered_at, tracker.last_event_at, tracker.created_at)
        days = policy.refresh_after_delivery_days
        return Stop(delivered + timedelta(days=days), StopReason.AFTER_DELIVERY, days)
    if tracker.status in FINAL_STATUSES or tracker.next_refresh_at is None:
        return Stop(None, StopReason.FINAL_STATUS)
    reference = tracker.last_event_at or tracker.created_at
    days = policy.expire_after_days
    return Stop(reference + timedelta(days=days), StopReason.NO_NEWS, days)
