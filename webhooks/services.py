"""The one door for webhook deliveries: scoped reads, manual retry, test ping.

The API, the dashboard and admin actions call these; every read is filtered by organization and
mode, so another organization's delivery does not exist for the caller. Events are read in
events.services.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organization, organization_id
from core.errors import ServiceError, invalid, not_found
from events.models import TEST_EVENT_TYPE, Event
from webhooks import dispatch
from webhooks.models import Delivery, DeliveryStatus, Subscription

# --- reading ------------------------------------------------------------------------------------


def deliveries_for(
    organization: Organization | int,
    mode: str | None = None,
    *,
    subscription: Subscription | None = None,
    status: str | None = None,
) -> QuerySet[Delivery]:
    """Deliveries of one organization (and mode), with what a list shows loaded in constant queries."""
    deliveries = Delivery.objects.filter(subscription__organization_id=organization_id(organization))
    if mode is not None:
        deliveries = deliveries.filter(subscription__mode=mode)
    if subscription is not None:
        deliveries = deliveries.filter(subscription=subscription)
    if status:
        if status not in DeliveryStatus.values:
            raise invalid("invalid_status", f"status must be one of: {', '.join(DeliveryStatus.values)}.", "status")
        deliveries = deliveries.filter(status=status)
    return deliveries.select_related("event", "subscription").prefetch_related("attempt_log")


def get_delivery(organization: Organization | int, mode: str | None, public_id: str) -> Delivery:
    delivery = deliveries_for(organization, mode).filter(public_id=public_id).first()
    if delivery is None:
        raise not_found("delivery")
    return delivery


# --- acting -------------------------------------------------------------------------------------


def retry_delivery(delivery: Delivery, *, send_now: bool = True) -> Delivery:
    """Send a delivery again, now, whatever its state (except canceled or in flight).

    A failed delivery gets one more attempt (a failure leaves it failed, no new schedule); a
    pending one is attempted now and keeps its remaining automatic retries.
    """
    now = timezone.now()
    with transaction.atomic():
        row = Delivery.objects.select_for_update().select_related("event", "subscription").get(pk=delivery.pk)
        if row.status == DeliveryStatus.CANCELED:
            raise ServiceError(
                "delivery_canceled",
                "This delivery was canceled because its tracker was deleted; it cannot be sent.",
                409,
            )
        if not row.subscription.enabled and not row.is_test:
            raise ServiceError("webhook_disabled", "The webhook is disabled; enable it first, then retry.", 409)
        if row.lease_until and row.lease_until > now:
            raise ServiceError("delivery_in_progress", "This delivery is being sent right now; try again shortly.", 409)
        row.status = DeliveryStatus.PENDING
        row.max_attempts = max(row.max_attempts, row.attempts + 1)
        row.next_attempt_at, row.lease_until, row.updated_at = now, None, now
        row.save(update_fields=["status", "max_attempts", "next_attempt_at", "lease_until", "updated_at"])
    if send_now:
        _attempt_now(row)
    return _reload(row)


def send_test(subscription: Subscription) -> Delivery:
    """A `webhook.test` event sent to this subscription only, once, now (also when it is disabled).

    It is logged like any delivery, and it neither disables the subscription nor clears its window.
    """
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.create(
            organization_id=subscription.organization_id,
            mode=subscription.mode,
            type=TEST_EVENT_TYPE,
            subject_type="webhook",
            subject_id=subscription.public_id,
            data={
                "object": "webhook_test",
                "webhook": subscription.public_id,
                "message": "A test event: if you can read this, your endpoint receives and can verify webhooks.",
            },
            created_at=now,
        )
        delivery = Delivery.objects.create(
            event=event, subscription=subscription, max_attempts=1, next_attempt_at=now, created_at=now, updated_at=now
        )
    _attempt_now(delivery)
    return _reload(delivery)


def _attempt_now(delivery: Delivery) -> None:
    """Claim this one delivery (respecting leases) and send it in this process."""
    claimed = dispatch.claim(limit=1, ids=[delivery.pk])
    if claimed:
        dispatch.process(claimed)


def _reload(delivery: Delivery) -> Delivery:
    return Delivery.objects.select_related("event", "subscription").prefetch_related("attempt_log").get(pk=delivery.pk)
