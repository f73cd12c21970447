"""When to ask the carrier again: the whole refresh policy in one function (DESIGN.md, Refresh).

Every few hours early in transit, faster as delivery nears, slow after a failure (it can resume),
never after canceled, nor after delivered once the organization's days after delivery have passed;
carrier errors back off exponentially; trackers with no new information for the organization's
days without news expire (trackers/lifecycle.py). A sandbox tracker is looked at again one step
after it was asked (SANDBOX_STEP_SECONDS), and the minute schedule takes what falls due before its next
tick (`lookahead`), so test mode moves once a minute, not every other tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from carriers.statuses import FINAL_STATUSES, Status
from core.backoff import exponential
from trackers.lifecycle import Lifecycle, delivery_reference

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)

BACKOFF_BASE = 5 * MINUTE
BACKOFF_CAP = 12 * HOUR

# Status onto the pause before the next look, for live trackers that are working normally.
INTERVALS: dict[str, timedelta] = {
    Status.UNKNOWN: 2 * HOUR,
    Status.PRE_TRANSIT: 6 * HOUR,
    Status.IN_TRANSIT: 4 * HOUR,
    Status.OUT_FOR_DELIVERY: 30 * MINUTE,
    Status.AVAILABLE_FOR_PICKUP: 6 * HOUR,
    Status.RETURN_TO_SENDER: 8 * HOUR,
    Status.FAILURE: 24 * HOUR,
    Status.ERROR: 12 * HOUR,
}
# In transit with delivery expected within a day: look every hour.
NEAR_DELIVERY = 24 * HOUR
NEAR_DELIVERY_INTERVAL = HOUR
# A delivered tracker the organization still refreshes (trackers/lifecycle.py): twice a day.
AFTER_DELIVERY_INTERVAL = 12 * HOUR
# A brand-new tracker whose carrier knows nothing yet is looked at often for its first day.
NEW_TRACKER_AGE = 24 * HOUR
NEW_TRACKER_INTERVAL = 30 * MINUTE


@dataclass(frozen=True)
class Plan:
    next_refresh_at: datetime | None
    expire: bool = False


def lookahead() -> timedelta:
    """How far ahead of now a claim takes trackers: those due before the coming tick.

    The scheduler runs a minute schedule up to half a minute late, and a refresh lands a little after
    its claim, so a tracker due "in a minute" falls just after the next tick; without this it waits
    for the tick after (two minutes). Capped at half a sandbox step, so a tracker refreshed by one
    claim is never due again within the same tick.
    """
    seconds = min(settings.REFRESH_LOOKAHEAD_SECONDS, settings.SANDBOX_STEP_SECONDS / 2)
    return timedelta(seconds=max(0, seconds))


def backoff(failures: int, retry_after: float | None = None) -> timedelta:
    delay = exponential(failures, base=BACKOFF_BASE, factor=2, cap=BACKOFF_CAP)
    if retry_after:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay


def plan(
    *,
    status: str,
    now: datetime,
    created_at: datetime,
    last_event_at: datetime | None = None,
    est_delivery_at: datetime | None = None,
    sandbox: bool = False,
    complete: bool = False,
    failures: int = 0,
    retry_after: float | None = None,
    delivered_at: datetime | None = None,
    lifecycle: Lifecycle | None = None,
    pushed_at: datetime | None = None,
) -> Plan:
    """`lifecycle`: the organization's (trackers/lifecycle.py); the installation's when None."""
    lifecycle = lifecycle or Lifecycle.installation()
    if status == Status.DELIVERED and not complete and lifecycle.refresh_after_delivery_days:
        until = delivery_reference(delivered_at, last_event_at, created_at) + timedelta(
            days=lifecycle.refresh_after_delivery_days
        )
        step = backoff(failures, retry_after) if failures else AFTER_DELIVERY_INTERVAL
        return Plan(min(now + step, until)) if now < until else Plan(None)
    if status in FINAL_STATUSES or complete:
        return Plan(None)
    reference = last_event_at or created_at
    if now - reference >= timedelta(days=lifecycle.expire_after_days):
        return Plan(None, expire=True)
    if failures:
        return Plan(now + backoff(failures, retry_after))
    if sandbox:
        return Plan(now + timedelta(seconds=settings.SANDBOX_STEP_SECONDS))
    if status == Status.IN_TRANSIT and est_delivery_at and est_delivery_at - now <= NEAR_DELIVERY:
        interval = NEAR_DELIVERY_INTERVAL
    elif status == Status.UNKNOWN and now - created_at < NEW_TRACKER_AGE:
        interval = NEW_TRACKER_INTERVAL
    else:
        interval = INTERVALS.get(status, 4 * HOUR)
    return Plan(now + pushed_interval(interval, now, pushed_at))


def pushed_interval(interval: timedelta, now: datetime, pushed_at: datetime | None) -> timedelta:
    """Polling is a slow fallback while the carrier pushes (trackers/pushes.py, docs/refresh.md).

    A tracker whose carrier pushed within PUSH_SILENCE_HOURS is polled at most every
    PUSH_FALLBACK_HOURS (never past the end of that silence, so a broken push channel is noticed);
    once no push has come for PUSH_SILENCE_HOURS it is polled on its normal cadence again.
    """
    if pushed_at is None:
        return interval
    quiet_until = pushed_at + timedelta(hours=settings.PUSH_SILENCE_HOURS)
    if now >= quiet_until:
        return interval
    return max(interval, min(timedelta(hours=settings.PUSH_FALLBACK_HOURS), quiet_until - now))
