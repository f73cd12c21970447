"""Trackers and the delivery prediction: what a refresh tells the model, and what it shows back.

Called by the refresh inside its transaction (trackers/refresh.py), after each tracker's new state
is known: trackers just delivered become history (predictions.history) and are added to their lanes
at once (predictions.store.add_deliveries); every other tracker gets its prediction from the
milestone it reached (predictions.model). A batch costs a constant number of queries: the lanes it
needs (two), and for deliveries an insert and the lanes' update. The refresh calls `prepare` and
sends the deliveries' insert with its own writes (`send_staged`), in one pipeline.

`estimated_delivery` is the one read of the stored prediction: the API, webhooks, dialects, the
public page and e-mails all show it; `is_late` / `late_trackers` are the one meaning of "late".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from carriers.statuses import Status
from core.times import iso, to_local
from predictions import history, store
from predictions.model import NO_ESTIMATE, Estimate, Milestone, Parcel
from trackers.models import Tracker, TrackingEvent

# Saved with the rest of a refreshed tracker (refresh.SAVED_FIELDS).
FIELDS = (
    "edd_date",
    "edd_earliest",
    "edd_latest",
    "edd_confidence",
    "edd_basis",
    "edd_updated_at",
    "edd_first_latest",
    "edd_carrier_first",
)
PREDICTED = frozenset({Status.PRE_TRANSIT, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY})
# After these nothing is on its way to the recipient: no prediction at all.
ENDED = frozenset({Status.DELIVERED, Status.CANCELED, Status.RETURN_TO_SENDER})
_NOT_SCANS = frozenset({Status.PRE_TRANSIT, Status.UNKNOWN})


@dataclass
class Seen:
    """A tracker after a refresh, with all its events and its status before."""

    tracker: Tracker
    events: list[TrackingEvent]
    status_before: str


def _day(event: TrackingEvent) -> date:
    return to_local(event.occurred_at, event.time_zone)[0].date()


def _first_scan(events: list[TrackingEvent]) -> TrackingEvent | None:
    """The carrier's first scan: the oldest event that is not a label being created."""
    ordered = sorted(events, key=lambda e: e.occurred_at)
    scans = [e for e in ordered if e.status not in _NOT_SCANS]
    return scans[0] if scans else None


def _carrier_estimate(tracker: Tracker, events: list[TrackingEvent]) -> date | None:
    if tracker.est_delivery_at is None:
        return None
    latest = max(events, key=lambda e: e.occurred_at) if events else None
    return to_local(tracker.est_delivery_at, latest.time_zone if latest else None)[0].date()


def _parcel(tracker: Tracker, events: list[TrackingEvent], now: datetime) -> Parcel:
    first = _first_scan(events)
    latest = max(events, key=lambda e: e.occurred_at) if events else None
    today = to_local(now, latest.time_zone if latest else None)[0].date()
    if tracker.status == Status.OUT_FOR_DELIVERY:
        milestone = Milestone.OUT_FOR_DELIVERY
    else:
        milestone = Milestone.IN_TRANSIT if first else Milestone.NOT_SCANNED
    return Parcel(
        carrier=tracker.courier,
        service=tracker.service,
        origin_country=first.country if first else "",
        origin_postal_code=first.postal_code if first else "",
        destination_country=tracker.destination_country,
        destination_postal_code=tracker.destination_postal_code,
        shipped_on=_day(first) if first else None,
        today=today,
        milestone=milestone,
        carrier_estimate=tracker.edd_carrier_first or _carrier_estimate(tracker, events),
    )


def _delivery(tracker: Tracker, events: list[TrackingEvent]) -> history.Delivery | None:
    delivered = [e for e in events if e.status == Status.DELIVERED]
    first = _first_scan(events) or (min(events, key=lambda e: e.occurred_at) if events else None)
    if not delivered or first is None or tracker.delivered_at is None:
        return None
    last = max(delivered, key=lambda e: e.occurred_at)
    return history.Delivery(
        tracking_number=tracker.tracking_number,
        carrier=tracker.courier,
        service=tracker.service,
        origin_country=first.country,
        origin_postal_code=first.postal_code,
        destination_country=tracker.destination_country or last.country,
        destination_postal_code=tracker.destination_postal_code or last.postal_code,
        shipped_at=first.occurred_at,
        delivered_at=last.occurred_at,
        shipped_on=_day(first),
        delivered_on=_day(last),
        carrier_estimate=tracker.edd_carrier_first,
        first_latest=tracker.edd_first_latest,
    )


def _show(tracker: Tracker, estimate: Estimate, now: datetime) -> None:
    values = (estimate.date, estimate.earliest, estimate.latest, estimate.confidence, estimate.basis)
    before = (tracker.edd_date, tracker.edd_earliest, tracker.edd_latest, tracker.edd_confidence, tracker.edd_basis)
    if values != before:
        tracker.edd_date, tracker.edd_earliest, tracker.edd_latest, tracker.edd_confidence, tracker.edd_basis = values
        tracker.edd_updated_at = now
    if tracker.edd_first_latest is None and estimate.latest is not None:
        tracker.edd_first_latest = estimate.latest


def _clear(tracker: Tracker) -> None:
    tracker.edd_date = tracker.edd_earliest = tracker.edd_latest = None
    tracker.edd_confidence = tracker.edd_basis = ""


def update(seen: list[Seen], now: datetime) -> None:
    """Record this batch's deliveries and set every other tracker's prediction (in memory).

    A tracker whose prediction changed gets `updated_at = now`, so caches keyed on it see the change.
    """
    if prepare(seen, now):
        history.move_staged_records()


def prepare(seen: list[Seen], now: datetime) -> bool:
    """`update`, with the deliveries' history rows staged but not moved: True when the caller must
    send `send_staged()` (the refresh sends it with its own writes, in one pipeline)."""
    staged = False
    before = [[getattr(item.tracker, name) for name in FIELDS] for item in seen]
    deliveries: dict[tuple[int, str], list[history.Delivery]] = defaultdict(list)
    waiting: list[tuple[Tracker, Parcel]] = []
    for item in seen:
        tracker = item.tracker
        if tracker.edd_carrier_first is None and tracker.status in PREDICTED:
            tracker.edd_carrier_first = _carrier_estimate(tracker, item.events)
        if tracker.status in ENDED:
            if tracker.status == Status.DELIVERED and item.status_before != Status.DELIVERED:
                delivery = _delivery(tracker, item.events)
                if delivery is not None:
                    deliveries[(tracker.organization_id, tracker.mode)].append(delivery)
            _clear(tracker)
        elif tracker.status in PREDICTED:
            waiting.append((tracker, _parcel(tracker, item.events, now)))
        else:
            _show(tracker, NO_ESTIMATE, now)
    if waiting:
        scopes = {(t.organization_id, t.mode) for t, _ in waiting}
        models = store.load(scopes, {key for _, parcel in waiting for key in parcel.keys})
        for tracker, parcel in waiting:
            _show(tracker, models[(tracker.organization_id, tracker.mode)].predict(parcel), now)
    for item, values in zip(seen, before, strict=True):
        if values != [getattr(item.tracker, name) for name in FIELDS]:
            item.tracker.updated_at = now
    for (organization_id, mode), batch in deliveries.items():
        staged = history.stage_records(organization_id, mode, batch) or staged
        store.add_deliveries(organization_id, mode, batch)
    return staged


def send_staged() -> None:
    """The second half of `prepare`: the staged deliveries into the history (no reads: pipeline-safe)."""
    history.move_staged_records()


# Reading the prediction -------------------------------------------------------------------------


def estimated_delivery(tracker: Tracker) -> dict | None:
    """The prediction as every door shows it; None for a tracker whose parcel's journey has ended."""
    if tracker.status in ENDED:
        return None
    shown = tracker.edd_confidence not in ("", "none") and tracker.edd_date is not None
    return {
        "date": tracker.edd_date.isoformat() if shown and tracker.edd_date else None,
        "earliest": tracker.edd_earliest.isoformat() if shown and tracker.edd_earliest else None,
        "latest": tracker.edd_latest.isoformat() if shown and tracker.edd_latest else None,
        "confidence": tracker.edd_confidence if shown else "none",
        "basis": tracker.edd_basis or None,
        "updated_at": iso(tracker.edd_updated_at),
    }


def is_late(tracker: Tracker, today: date) -> bool:
    """Past the latest day predicted and still not delivered (nor ended otherwise)."""
    return tracker.status not in ENDED and tracker.edd_latest is not None and tracker.edd_latest < today


def late(today: date) -> Q:
    """The same rule as is_late, as a condition on trackers."""
    return Q(edd_latest__lt=today) & ~Q(status__in=sorted(ENDED))


def late_trackers(trackers: QuerySet[Tracker], today: date) -> QuerySet[Tracker]:
    """The trackers of `trackers` that are late."""
    return trackers.filter(late(today))
