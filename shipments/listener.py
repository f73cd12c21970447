"""Tracker news for shipments: the shipments app's listener on the event outbox.

Trackers never import shipments (DESIGN.md, Layout); a refresh that changes a tracker's status
writes `tracker.updated`, and this listener, in the same transaction, moves every shipment linked
to that tracker under the update service's rules (services.tracker_may_move), adds a TrackingUpdate
and emits `shipment.updated`. A tracker status the table does not allow from the shipment's current
one (a shipment a person already marked delivered, say) is left alone: people's corrections win over
a carrier's echo. A shipment in a container is left alone too: it moves with its container.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Q

from core.fast.lookups import AnyOf
from events.models import Event, EventType
from events.outbox import emit_many
from shipments import notices
from shipments.models import Shipment, TrackingUpdate
from shipments.representation import attributes
from shipments.rules import from_tracker
from shipments.services import RELATED, tracker_may_move

STATUS_KEYS = frozenset({"status", "status_detail"})


def _where(event: Event) -> str:
    latest = (event.data.get("events") or [None])[0]
    if not latest:
        return ""
    place = latest.get("location") or {}
    return ", ".join(str(place[k]) for k in ("city", "state", "country") if place.get(k))


def on_events(batch: Sequence[Event]) -> None:
    """The outbox listener (registered in ShipmentsConfig.ready); costs nothing without status news."""
    news = {
        (e.organization_id, e.mode, e.subject_id): e
        for e in batch
        if e.type == EventType.TRACKER_UPDATED
        and ("status" in e.previous_attributes or "status_detail" in e.previous_attributes)
    }
    if not news:
        return
    # One condition per (organization, mode) with an IN list, not one per tracker: Django's cost of
    # building and compiling a 200-branch OR was a fifth of a refresh batch (profiled).
    by_scope: dict[tuple[int, str], list[str]] = defaultdict(list)
    for org_id, mode, subject_id in news:
        by_scope[(org_id, mode)].append(subject_id)
    condition = Q()
    for (org_id, mode), subject_ids in by_scope.items():
        condition |= Q(AnyOf(F("tracker__public_id"), subject_ids), organization_id=org_id, mode=mode)
    # Most refreshed trackers have no shipment: a plain key lookup says so before the locking,
    # joined read is built (its compilation alone cost more than the database's work).
    linked = list(Shipment.objects.filter(condition).values_list("pk", flat=True))
    if not linked:
        return
    shipments = list(
        Shipment.objects.filter(pk__in=linked).select_related(*RELATED).select_for_update(of=("self",)).order_by("pk")
    )
    updates, specs, changed = [], [], []
    for shipment in shipments:
        # Relinked or unlinked between the two reads: no longer this batch's news.
        tracker_id = shipment.tracker.public_id if shipment.tracker else None
        event = news.get((shipment.organization_id, shipment.mode, tracker_id or ""))
        if event is None:
            continue
        status = from_tracker(event.data.get("status", ""), event.data.get("status_detail", ""))
        if status is None or not tracker_may_move(shipment, status):
            continue
        before = attributes(shipment)
        previous_status, shipment.status = shipment.status, status
        shipment.updated_at = event.created_at
        latest = (event.data.get("events") or [{}])[0]
        updates.append(
            TrackingUpdate(
                shipment=shipment,
                status=status,
                previous_status=previous_status,
                source=TrackingUpdate.Source.TRACKER,
                container=shipment.container,
                location=shipment.location,
                layout=shipment.layout,
                comment=latest.get("message", "") if latest else "",
                address_text=_where(event)[:500],
                occurred_at=event.created_at,
            )
        )
        changed.append(shipment)
        specs.append(notices.updated(shipment, {"status": before["status"]}))
    if not changed:
        return
    Shipment.objects.bulk_update(changed, ["status", "updated_at"])
    TrackingUpdate.objects.bulk_create(updates)
    emit_many(specs)
