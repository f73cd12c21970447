"""Deliveries for new events: the webhooks app's listener on the event outbox (events.outbox).

`fan_out` runs inside the transaction that wrote the events (a refresh batch, say), so it stays
cheap: one query for the enabled subscriptions of the organizations and modes involved, one bulk
insert, and a callback that queues the sender once the transaction commits (deliveries must not be
sent for a change that rolled back). A `*.deleted` event first cancels the deliveries still pending
about its subject: deleting a tracker stops its webhooks (as EasyPost's does), whoever deleted it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.ids import new_public_id
from events.models import Event
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.renderers import for_format


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
        "pk", "organization_id", "mode", "event_types", "format"
    ):
        found[(sub.organization_id, sub.mode)].append(sub)
    return found


def on_events(events: Sequence[Event]) -> None:
    """The outbox listener (registered in WebhooksConfig.ready)."""
    deleted = [e for e in events if e.type.endswith(".deleted")]
    if deleted:
        cancel_about(deleted)
    fan_out(events)


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
        if sub.wants(event.type) and not suppressed(event, sub)
    ]
    if not rows:
        return []
    deliveries = Delivery.objects.bulk_create(rows)
    transaction.on_commit(kick)
    return deliveries


def suppressed(event: Event, sub: Subscription) -> bool:
    """True when the subscription's format says its receivers are not told of this event."""
    suppress = for_format(sub.format).suppress
    return suppress is not None and suppress(event)


def kick() -> None:
    """Queue the sender now rather than waiting for the per-minute sweep (latency)."""
    from webhooks.tasks import enqueue_delivery

    enqueue_delivery()


def cancel_about(deleted: Sequence[Event]) -> int:
    """Cancel pending deliveries about the subjects of these `*.deleted` events; returns how many.

    Runs before the deleted events' own deliveries exist, so those stay pending and are sent.
    """
    condition = Q()
    for event in deleted:
        condition |= Q(
            event__organization_id=event.organization_id, event__mode=event.mode, event__subject_id=event.subject_id
        )
    noun = deleted[0].subject_type or "subject"
    return Delivery.objects.filter(condition, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELED,
        next_attempt_at=None,
        lease_until=None,
        last_error=f"Canceled: the {noun} was deleted.",
        updated_at=timezone.now(),
    )
