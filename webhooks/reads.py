"""What became of an event's deliveries, read for the APIs that show it on the event itself.

EasyPost's Event carries `pending_urls`, `completed_urls` and a `status` made from its deliveries;
the dialect reads them here (one query for a whole page of events) rather than from the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from webhooks.models import Delivery, DeliveryStatus


@dataclass
class EventDeliveries:
    pending_urls: list[str] = field(default_factory=list)
    completed_urls: list[str] = field(default_factory=list)
    failed_urls: list[str] = field(default_factory=list)
    # Pending deliveries already tried at least once (being retried).
    retrying: int = 0


def deliveries_by_event(event_ids: Iterable[int], format_name: str | None = None) -> dict[int, EventDeliveries]:
    """Event pk -> its deliveries' URLs by outcome, oldest delivery first; `format_name` keeps only
    the subscriptions of that format. Events without deliveries are absent."""
    rows = Delivery.objects.filter(event_id__in=list(event_ids))
    if format_name is not None:
        rows = rows.filter(subscription__format=format_name)
    found: dict[int, EventDeliveries] = {}
    for event_id, url, status, attempts in rows.order_by("created_at", "id").values_list(
        "event_id", "subscription__url", "status", "attempts"
    ):
        entry = found.setdefault(event_id, EventDeliveries())
        if status == DeliveryStatus.PENDING:
            entry.pending_urls.append(url)
            entry.retrying += attempts > 0
        elif status == DeliveryStatus.SUCCEEDED:
            entry.completed_urls.append(url)
        else:
            entry.failed_urls.append(url)
    return found
