"""An endpoint's health: its failure window, disabling, probing while down, catching up after.

An endpoint that is down is not left to each delivery's backoff (which spaces the last retries of
an hour's outage up to an hour and a half apart): once a minute its oldest waiting delivery is sent
early as a probe (`probe_failing`, from the sweep), and the first 2xx after an outage pulls its
whole queue forward (`catch_up`), oldest first, at most WEBHOOK_RECOVERY_PER_MINUTE a minute. An
hour's outage is then delivered within about two minutes of recovery.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from events.models import TEST_EVENT_TYPE
from webhooks.models import Delivery, DeliveryStatus, Subscription

DISABLED_NOT_SENT = "Not sent: the webhook is disabled."


def track(answers: list[tuple[int, bool, str, datetime]]) -> None:
    """Open or close each subscription's failure window; disable those failing for too long.

    `answers`: (subscription id, answered 2xx, last error, when) per delivery sent, test pings left out.
    """
    if not answers:
        return
    now = max(at for _, _, _, at in answers)
    ok = {sub for sub, good, _, _ in answers if good}
    failing = {sub for sub, good, _, _ in answers if not good} - ok
    if ok:
        recovered = list(
            Subscription.objects.filter(pk__in=ok, failing_since__isnull=False).values_list("pk", flat=True)
        )
        if recovered:
            Subscription.objects.filter(pk__in=recovered).update(failing_since=None, last_success_at=now)
            for pk in recovered:
                catch_up(pk, now)
        # Refreshed at most every few seconds: busy endpoints do not rewrite their row on every batch.
        stale = Q(last_success_at__isnull=True) | Q(last_success_at__lt=now - timedelta(seconds=SUCCESS_MARK_SECONDS))
        Subscription.objects.filter(stale, pk__in=ok - set(recovered)).update(last_success_at=now)
    if not failing:
        return
    Subscription.objects.filter(pk__in=failing, failing_since__isnull=True).update(failing_since=now)
    hours = settings.WEBHOOK_DISABLE_AFTER_HOURS
    to_disable = list(
        Subscription.objects.filter(pk__in=failing, enabled=True, failing_since__lte=now - timedelta(hours=hours))
    )
    last_error = {sub: error for sub, _, error, _ in answers}
    for sub in to_disable:
        reason = (
            f"Disabled automatically on {now:%Y-%m-%d %H:%M} UTC: every delivery failed for {hours} hours "
            f"(last error: {last_error.get(sub.pk) or 'unknown'})."
        )
        disable(sub, reason[:300], now)


SUCCESS_MARK_SECONDS = 5


def recovery_per_minute() -> int:
    return max(1, settings.WEBHOOK_RECOVERY_PER_MINUTE)


def _unheld(now: datetime) -> Q:
    """Rows no live worker holds: never leased, or their lease ran out (the worker died)."""
    return Q(lease_until__isnull=True) | Q(lease_until__lte=now)


def catch_up(subscription_id: int, now: datetime | None = None) -> int:
    """An endpoint answered again: its waiting deliveries are due now, oldest first, at a bounded rate.

    The first WEBHOOK_RECOVERY_PER_MINUTE are due at once, the next as many a minute later, and so on;
    rows a worker holds (leased) are left to it. Returns how many were pulled forward.
    """
    now = now or timezone.now()
    waiting = list(
        Delivery.objects.filter(
            _unheld(now), subscription_id=subscription_id, status=DeliveryStatus.PENDING, next_attempt_at__gt=now
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    per_minute = recovery_per_minute()
    for minute, start in enumerate(range(0, len(waiting), per_minute)):
        Delivery.objects.filter(pk__in=waiting[start : start + per_minute], status=DeliveryStatus.PENDING).update(
            next_attempt_at=now + timedelta(minutes=minute), updated_at=now
        )
    return len(waiting)


def probe_seconds() -> int:
    return settings.WEBHOOK_PROBE_SECONDS


def probe_failing(now: datetime | None = None) -> int:
    """Send each failing endpoint's oldest waiting delivery early, so its recovery is seen soon.

    Runs from the minute sweep. An endpoint that already has a delivery due within the probe
    interval needs no probe. The probe is a real delivery (receivers de-duplicate by webhook-id);
    it is given one more allowed attempt, so probing through a long outage never exhausts its
    retries: the outage's bound is WEBHOOK_DISABLE_AFTER_HOURS, as before. Returns how many were probed.
    """
    now = now or timezone.now()
    soon = now + timedelta(seconds=probe_seconds())
    probed = 0
    for sub_pk in Subscription.objects.filter(enabled=True, failing_since__isnull=False).values_list("pk", flat=True):
        queue = Delivery.objects.filter(_unheld(now), subscription_id=sub_pk, status=DeliveryStatus.PENDING).exclude(
            event__type=TEST_EVENT_TYPE
        )
        if queue.filter(next_attempt_at__lte=soon).exists():
            continue
        oldest = queue.order_by("pk").values_list("pk", flat=True).first()
        if oldest is None:
            continue
        probed += Delivery.objects.filter(_unheld(now), pk=oldest, status=DeliveryStatus.PENDING).update(
            next_attempt_at=now, max_attempts=F("max_attempts") + 1, updated_at=now
        )
    return probed


def disable(subscription: Subscription, reason: str, now: datetime | None = None) -> None:
    """Stop a subscription: its pending deliveries fail (each can be retried by hand later)."""
    now = now or timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        enabled=False, disabled_reason=reason, failing_since=None, updated_at=now
    )
    subscription.enabled, subscription.disabled_reason, subscription.failing_since = False, reason, None
    Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED,
        next_attempt_at=None,
        lease_until=None,
        last_error=DISABLED_NOT_SENT,
        updated_at=now,
    )
