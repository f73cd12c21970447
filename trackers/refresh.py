"""Applying carrier answers to trackers: idempotent, batched, one transaction per batch.

The adapter calls happen first, outside any transaction (they may wait on a network). Then one
transaction re-reads the trackers under a row lock, inserts only the events it has not seen
(a unique fingerprint per tracker), recomputes status and cadence, and writes the webhook events
with the change. A batch costs a constant number of queries, whatever its size.

Two refreshes of one tracker can overlap (a create's queued refresh and the schedule's claim, a
task that outlived its lease, an orphaned task run again). The row lock serializes them, and
`last_refreshed_at` (when the carrier was asked for the data the row holds) orders them: an answer
asked for before the one already applied is dropped, so older carrier data never replaces newer.
A tracker deleted meanwhile is simply not found under the lock, and nothing is written for it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Mode
from carriers import health, sandbox
from carriers.base import (
    Adapter,
    AuthenticationFailure,
    CarrierError,
    Details,
    NotYetKnown,
    RateLimited,
    TemporaryFailure,
    TrackingResult,
)
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from core.fast.bulk import bulk_update, move_staged, overlapped, stage
from core.fast.instances import fetch, instance
from core.fast.lookups import AnyOf
from events import outbox
from events.models import Event
from trackers import answers, cadence, lifecycle, notices, overrides, predicting, restating
from trackers.gate import Gate, Permit, Refusal
from trackers.models import CarrierAnswer, Tracker, TrackingEvent
from trackers.staleness import Staleness

log = logging.getLogger(__name__)

# What a user can see change on a tracker; a refresh that changes none of these emits nothing.
VISIBLE_FIELDS = ("status", "status_detail", "est_delivery_at", "delivered_at", "last_event_at", "active")
# Shipment details a live adapter may give (signer, weight, service); an empty answer keeps the old
# value. Saved by a second statement only for the trackers whose details changed, which is rare.
DETAIL_FIELDS = ("signed_by", "weight", "weight_unit", "service")
SAVED_FIELDS = (
    *VISIBLE_FIELDS,
    "next_refresh_at",
    "last_refreshed_at",
    "refresh_failures",
    "last_error",
    "staleness_reason",
    "updated_at",
    "pushed_at",
    *predicting.FIELDS,
)


class NoAdapter(CarrierError):
    """No adapter is configured for this courier."""

    code = "no_adapter"


@dataclass
class Outcome:
    tracker: Tracker
    result: TrackingResult | None = None
    error: CarrierError | None = None
    # When the carrier was asked: what orders two overlapping refreshes of one tracker.
    asked_at: datetime | None = None
    # Not asked: the carrier account's budget, pause or circuit said no (trackers/gate.py).
    refusal: Refusal | None = None
    # A kept answer read again (manage.py renormalize): stored scans it reads differently are restated.
    restate: bool = False
    # Pushed by the carrier, not asked for (trackers/pushes.py): polling slows while pushes arrive.
    pushed: bool = False


@dataclass
class Report:
    refreshed: int = 0
    changed: int = 0
    events_added: int = 0
    failed: int = 0
    # Answers dropped because a newer one was already applied, or the tracker was deleted meanwhile.
    skipped: int = 0
    # Trackers of a late task's claim that another worker had claimed or refreshed since (tasks.py).
    not_held: int = 0
    # Trackers not asked because their carrier account could not be (budget, pause, circuit).
    deferred: int = 0

    def add(self, other: Report) -> Report:
        for key, value in other.__dict__.items():
            setattr(self, key, getattr(self, key) + value)
        return self


def uses_sandbox(tracker: Tracker) -> bool:
    # Test mode is answered by the sandbox whatever courier it names (DESIGN.md, Modes).
    return tracker.mode == Mode.TEST or tracker.courier == "sandbox"


def ask_carrier(tracker: Tracker, now: datetime) -> Outcome:
    outcome = _ask(tracker, now)
    outcome.asked_at = now
    if not uses_sandbox(tracker):
        health.record(tracker.courier, outcome.error)  # refused credentials show on the couriers page
    return outcome


def _ask(tracker: Tracker, now: datetime) -> Outcome:
    adapter: Adapter | None
    try:
        if uses_sandbox(tracker):
            adapter = sandbox.ADAPTER
        else:
            courier = get_courier(tracker.courier)
            adapter = courier.adapter if courier else None
            if adapter is None:
                raise NoAdapter(f"No adapter is configured for courier '{tracker.courier}'.")
        result = adapter.track(
            tracker.tracking_number, created_at=tracker.created_at, now=now, details=details_of(tracker)
        )
        return Outcome(tracker, result=result)
    except CarrierError as exc:
        return Outcome(tracker, error=exc)
    except Exception as exc:  # an adapter bug must not stop the batch; it is logged and backed off
        log.exception("adapter failed for %s", tracker.public_id)
        return Outcome(tracker, error=TemporaryFailure(f"Unexpected adapter error: {exc.__class__.__name__}"))


def details_of(tracker: Tracker) -> Details:
    """What the tracker knows that its carrier may take (carriers/base.Details)."""
    return Details(tracker.language, tracker.ship_date, tracker.destination_postal_code, tracker.destination_country)


def refresh_trackers(
    trackers: list[Tracker], now: datetime | None = None, permits: dict[str, Permit] | None = None
) -> Report:
    """Ask each tracker's carrier, then apply every answer in one transaction.

    Each answer is stamped with the moment its carrier was asked (or `now`, when a caller fixes it).
    Live trackers are asked in chunks, one call each where the carrier takes several numbers
    (trackers/batching.py), and each call passes its carrier account's gate first (budget, pause,
    circuit); `permits` are the requests a claim already reserved for them.
    """
    from trackers import batching  # it builds on this module's Outcome and ask_carrier

    gate = Gate(permits=permits or {})
    try:
        outcomes = batching.ask(trackers, gate, now)
    finally:
        gate.close()
    return apply_outcomes(outcomes, now or timezone.now())


def _new_event_rows(tracker: Tracker, result: TrackingResult, seen: set[str], now: datetime) -> list[TrackingEvent]:
    rows = []
    for e in result.events:
        fp = e.fingerprint
        if fp in seen:
            continue
        seen.add(fp)
        rows.append(
            instance(  # not TrackingEvent(...): __init__ cost more than the row (core/fast/instances.py)
                TrackingEvent,
                {
                    "id": None,
                    "tracker_id": tracker.pk,
                    "occurred_at": e.occurred_at,
                    "time_zone": e.time_zone,
                    "status": e.status,
                    "status_detail": e.status_detail,
                    "message": e.message[:500],
                    "city": e.city,
                    "state": e.state,
                    "postal_code": e.postal_code,
                    "country": e.country,
                    "courier": tracker.courier,
                    "fingerprint": fp,
                    "raw": e.raw,
                    "raw_code": e.raw_code[:64],
                    "raw_description": e.raw_description[:300],
                    "created_at": now,
                    "superseded_at": None,
                },
            )
        )
    return rows


def _apply_one(
    tracker: Tracker,
    outcome: Outcome,
    all_events: list[TrackingEvent],
    now: datetime,
    policy: lifecycle.Lifecycle | None = None,
) -> None:
    """Set the tracker's fields from the outcome (in memory); `policy`: its organization's lifecycle."""
    if outcome.refusal is not None:  # not asked: only when to look again, and why it is late
        tracker.next_refresh_at = outcome.refusal.until
        tracker.staleness_reason = outcome.refusal.reason
        return
    result, error = outcome.result, outcome.error
    asked_at = outcome.asked_at or now
    tracker.last_refreshed_at = asked_at
    if outcome.pushed:
        tracker.pushed_at = now
    failures, retry_after, complete = 0, None, False
    if error is None:
        assert result is not None  # an Outcome carries either a result or an error
        tracker.refresh_failures = 0
        tracker.last_error = ""
        tracker.status = result.status
        tracker.status_detail = result.status_detail
        tracker.est_delivery_at = result.est_delivery_at
        complete = result.complete
        for name in DETAIL_FIELDS:
            value = getattr(result, name)
            if value not in (None, ""):
                setattr(tracker, name, value[:200] if isinstance(value, str) else value)
    elif isinstance(error, NoAdapter):
        tracker.status, tracker.status_detail = Status.UNKNOWN, Detail.NO_ADAPTER
        tracker.last_error = str(error)[:300]
        tracker.refresh_failures = 0
    elif isinstance(error, NotYetKnown):
        if not all_events:
            tracker.status, tracker.status_detail = Status.UNKNOWN, Detail.NOT_FOUND_YET
        tracker.refresh_failures = 0
        tracker.last_error = ""
    else:
        tracker.refresh_failures += 1
        failures, retry_after = tracker.refresh_failures, error.retry_after
        tracker.last_error = f"{error.code}: {error}"[:300]
    if all_events:
        tracker.last_event_at = max(e.occurred_at for e in all_events)
        delivered = [e.occurred_at for e in all_events if e.status == Status.DELIVERED]
        tracker.delivered_at = max(delivered) if tracker.status == Status.DELIVERED and delivered else None
    tracker.staleness_reason = _staleness(error)
    decision = cadence.plan(
        status=tracker.status,
        now=asked_at,  # the refresh time: the next sandbox step counts from when the carrier was asked
        created_at=tracker.created_at,
        last_event_at=tracker.last_event_at,
        est_delivery_at=tracker.est_delivery_at,
        sandbox=uses_sandbox(tracker),
        complete=complete,
        failures=failures,
        retry_after=retry_after,
        delivered_at=tracker.delivered_at,
        lifecycle=policy,
        pushed_at=tracker.pushed_at,
    )
    tracker.next_refresh_at = decision.next_refresh_at
    if decision.next_refresh_at is None:
        tracker.staleness_reason = Staleness.EXPIRED if decision.expire else Staleness.COMPLETED
    if decision.expire:
        tracker.active = False
        if tracker.status == Status.UNKNOWN:
            tracker.status_detail = Detail.EXPIRED


def _staleness(error: CarrierError | None) -> str:
    """Why a tracker whose carrier answered with `error` will be late ("" when it is not)."""
    if error is None or isinstance(error, NotYetKnown):
        return ""
    if isinstance(error, NoAdapter):
        return Staleness.NO_ADAPTER
    if isinstance(error, AuthenticationFailure):
        return Staleness.CREDENTIALS_INVALID
    if isinstance(error, RateLimited):
        return Staleness.CARRIER_THROTTLED
    return Staleness.BACKOFF


def _snapshot(tracker: Tracker) -> dict:
    return {name: getattr(tracker, name) for name in VISIBLE_FIELDS}


def _older_than_applied(tracker: Tracker, outcome: Outcome, now: datetime) -> bool:
    """True when the row (read under lock) already holds an answer asked for after this one."""
    applied_asked_at = tracker.last_refreshed_at
    return applied_asked_at is not None and (outcome.asked_at or now) < applied_asked_at


def apply_outcomes(outcomes: list[Outcome], now: datetime) -> Report:
    report = Report()
    if not outcomes:
        return report
    wanted = {o.tracker.pk: o for o in outcomes}
    overrides.apply(outcomes)  # each organization's own reading of carrier codes (one query, if any live)
    with transaction.atomic():
        # Fresh rows under lock: another refresh of the same tracker waits, then sees our events.
        locked = fetch(Tracker.objects.select_for_update().filter(AnyOf(F("pk"), wanted)).order_by("pk"))
        existing: dict[int, list[TrackingEvent]] = defaultdict(list)
        # Only this module writes events, and it sets last_event_at whenever a tracker has any: a
        # tracker without one (every new tracker's first refresh) has no events to read.
        if seen := [t.pk for t in locked if t.last_event_at is not None]:
            for event in fetch(TrackingEvent.objects.filter(AnyOf(F("tracker_id"), seen)).order_by()):
                existing[event.tracker_id].append(event)

        new_rows: list[TrackingEvent] = []
        changed: list[tuple[Tracker, dict, list[TrackingEvent]]] = []
        applied: list[Tracker] = []
        report.skipped = len(wanted) - len(locked)  # deleted since they were read
        detailed: list[Tracker] = []
        predictable: list[predicting.Seen] = []
        restated: list[TrackingEvent] = []
        policies = lifecycle.for_organizations({t.organization_id for t in locked})  # one query a batch
        for tracker in locked:
            outcome = wanted[tracker.pk]
            if outcome.refusal is not None:
                report.deferred += 1
            elif _older_than_applied(tracker, outcome, now) or outcome.tracker.courier != tracker.courier:
                report.skipped += 1  # (or asked of a courier the tracker no longer names: corrected meanwhile)
                continue
            applied.append(tracker)
            events = existing[tracker.pk]
            before = _snapshot(tracker)
            details = [getattr(tracker, name) for name in DETAIL_FIELDS]
            added: list[TrackingEvent] = []
            again = restating.restate(events, outcome.result) if outcome.restate and outcome.result else []
            restated.extend(again)
            if outcome.result is not None:
                added = _new_event_rows(tracker, outcome.result, {e.fingerprint for e in events}, now)
                new_rows.extend(added)
            _apply_one(tracker, outcome, events + added, now, policies.get(tracker.organization_id))
            predictable.append(predicting.Seen(tracker, events + added, before["status"]))
            diff = {k: v for k, v in before.items() if getattr(tracker, k) != v}
            if details != [getattr(tracker, name) for name in DETAIL_FIELDS]:
                detailed.append(tracker)
            if diff or added or again:
                tracker.updated_at = now
                changed.append((tracker, diff, events + added))
            report.refreshed += outcome.refusal is None
            report.events_added += len(added)
            report.failed += outcome.error is not None and not isinstance(outcome.error, NotYetKnown)

        # Deliveries become history; every other tracker's prediction follows the milestone it reached.
        recorded = predicting.prepare(predictable, now)
        staged = stage(TrackingEvent, new_rows)
        # The carrier's own words of the answers that changed something (trackers/answers.py).
        kept = stage(CarrierAnswer, answers.to_keep((wanted[t.pk] for t, _diff, _evs in changed), now))

        def write() -> None:
            if staged:
                move_staged(TrackingEvent)
            if kept:
                move_staged(CarrierAnswer)
            if restated:
                bulk_update(TrackingEvent, restated, restating.FIELDS)
            if recorded:  # the deliveries' history rows, staged by predicting.prepare
                predicting.send_staged()
            bulk_update(Tracker, applied, SAVED_FIELDS)
            bulk_update(Tracker, detailed, DETAIL_FIELDS)

        def documents() -> list[Event]:
            return outbox.build(
                [
                    notices.updated(t, diff, sorted(evs, key=lambda e: e.occurred_at, reverse=True))
                    for t, diff, evs in changed
                ]
            )

        # The webhook events are built while the database writes the events and the trackers.
        outbox.record(overlapped(write, documents))
        report.changed = len(changed)
    # Callers holding the tracker objects see the new state.
    fresh = {t.pk: t for t in locked}
    for outcome in outcomes:
        source = fresh.get(outcome.tracker.pk)
        if source is not None and source is not outcome.tracker:
            for name in (*SAVED_FIELDS, *DETAIL_FIELDS):
                setattr(outcome.tracker, name, getattr(source, name))
    return report
