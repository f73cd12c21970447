"""Deliveries for new events, written in the transaction that wrote the events.

`fan_out` runs inside the refresh transaction, so it stays cheap: one query for the enabled
subscriptions of the organizations and modes involved, one bulk insert, and a callback that queues
the sender once the transaction commits (deliveries must not be sent for a change that rolled back).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.ids import new_public_id
from webhooks.models import Delivery, DeliveryStatus, Event, Subscription


def subscribers(events: list[Event]) -> dict[tuple[int, str], list[Subscription]]:
    """Enabled subscriptions per (organization id, mode) of the given events, in one query."""
    scopes = {(e.organization_id, e.mode) for e in events}
    if not scopes:
        return {}
    condition = Q()
    for org_id, mode in scopes:
        condition |= Q(organization_id=org_id, mode=mode)
    found: dict[tuple[int, str], list[Subscription]] = defaultdict(list)
    for sub in Subscription.objects.filter(condition, enabled=True).only(
        "pk", "organization_id", "mode", "event_types"
    ):
        found[(sub.organization_id, sub.mode)].append(sub)
    return found


def fan_out(events: Iterable[Event]) -> list[Delivery]:
    """Create a pending delivery per matching subscription, due now; send them after commit."""
    events = list(events)
    found = subscribers(events)
    if not found:
        return []
    now = timezone.now()
    rows = [
        Delivery(
            public_id=new_public_id("dlv"),
            event=event,
            subscription=sub,
            status=DeliveryStatus.PENDING,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
        )
        for event in events
        for sub in found.get((event.organization_id, event.mode), ())
        if sub.wants(event.type)
    ]
    if not rows:
        return []
    deliveries = Delivery.objects.bulk_create(rows)
    transaction.on_commit(kick)
    return deliveries


def kick() -> None:
    """Queue the sender now rather than waiting for the per-minute sweep (latency)."""
    from webhooks.tasks import enqueue_delivery

    enqueue_delivery()


def cancel_for_tracker(tracker_id: int) -> int:
    """Cancel pending deliveries about a tracker that is being deleted; returns how many.

    Called in the deleting transaction, before the tracker.deleted event is written (that event's
    own deliveries stay pending and are sent).
    """
    return Delivery.objects.filter(event__tracker_id=tracker_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELED,
        next_attempt_at=None,
        lease_until=None,
        last_error="Canceled: the tracker was deleted.",
        updated_at=timezone.now(),
    )
