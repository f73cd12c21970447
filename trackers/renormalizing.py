"""`manage.py renormalize`: today's status maps (and overrides) applied to the answers kept.

Each chosen tracker's newest kept answer (trackers/answers.py) is parsed again by its adapter,
with the maps as they are now, and read through the organization's overrides. A tracker whose
normalized result differs (its status or detail, a scan's status, a scan not stored) goes
through the refresh's own apply code (trackers.refresh.apply_outcomes) as an answer received at
its last check: stored scans are restated in place (trackers/restating.py), and `tracker.updated`
is emitted for it, in the same transaction. Trackers whose result is the same are not written
and emit nothing. A dry run reports the same changes and writes nothing.

The newest answer stands for the tracker's current carrier data: answers are kept whenever one
changed something, so any later answer only repeated it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import Organization
from carriers import provenance
from carriers.base import CarrierError, TrackingResult
from trackers import answers, overrides, restating
from trackers.models import CarrierAnswer, Tracker, TrackingEvent
from trackers.refresh import Outcome, apply_outcomes

CHUNK = 200


@dataclass
class Change:
    tracker: Tracker
    before: tuple[str, str]
    after: tuple[str, str]
    scans: int  # stored scans read differently, plus scans not stored yet


@dataclass
class Summary:
    examined: int = 0
    unreadable: int = 0  # answers no parser reads any more (an adapter gone, a body it refuses)
    changes: list[Change] = field(default_factory=list)
    emitted: int = 0  # tracker.updated events written (0 in a dry run)


def chosen(
    *,
    courier: str | None = None,
    organization: Organization | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
):
    """Trackers with a kept answer, the newest received in [since, until), of that courier and org."""
    newest = CarrierAnswer.objects.filter(tracker=OuterRef("pk")).order_by("-received_at", "-id")
    trackers = Tracker.objects.annotate(
        answer_id=Subquery(newest.values("pk")[:1]), answer_at=Subquery(newest.values("received_at")[:1])
    ).filter(answer_id__isnull=False)
    if courier:
        trackers = trackers.filter(courier=courier.strip().lower())
    if organization is not None:
        trackers = trackers.filter(organization=organization)
    if since is not None:
        trackers = trackers.filter(answer_at__gte=since)
    if until is not None:
        trackers = trackers.filter(answer_at__lt=until)
    return trackers.order_by("pk")


def renormalize(*, dry_run: bool = False, now: datetime | None = None, chunk: int = CHUNK, **filters) -> Summary:
    """Re-apply the maps to the chosen trackers (filters as `chosen`); what changed, or would."""
    summary = Summary()
    now = now or timezone.now()
    last = 0
    while batch := list(chosen(**filters).filter(pk__gt=last)[:chunk]):
        last = batch[-1].pk
        summary.examined += len(batch)
        outcomes = _read_again(batch, summary)
        changed = _changes(outcomes, summary)
        if changed and not dry_run:
            summary.emitted += apply_outcomes(changed, now).changed
    return summary


def _read_again(batch: list[Tracker], summary: Summary) -> list[Outcome]:
    kept = CarrierAnswer.objects.in_bulk([t.answer_id for t in batch])  # type: ignore[attr-defined]
    outcomes = []
    for tracker in batch:
        answer = kept[tracker.answer_id]  # type: ignore[attr-defined]
        try:
            result = provenance.reparse(answer.adapter, answers.body(answer), tracker.tracking_number)
        except (CarrierError, provenance.UnknownAdapter, ValueError):
            summary.unreadable += 1
            continue
        result.raw_answer = b""  # already kept: reading it again keeps nothing new
        asked_at = tracker.last_refreshed_at or answer.received_at
        outcomes.append(Outcome(tracker, result=result, asked_at=asked_at, restate=True))
    overrides.apply(outcomes)
    return outcomes


def _changes(outcomes: list[Outcome], summary: Summary) -> list[Outcome]:
    """The outcomes whose normalized result differs from what is stored (nothing is written)."""
    stored: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(tracker_id__in=[o.tracker.pk for o in outcomes]).order_by():
        stored[event.tracker_id].append(event)
    changed = []
    for outcome in outcomes:
        tracker, result = outcome.tracker, outcome.result
        assert result is not None
        scans = _scan_changes(stored[tracker.pk], result)
        before, after = (tracker.status, tracker.status_detail), (result.status, result.status_detail)
        if scans or before != after:
            summary.changes.append(Change(tracker, before, after, scans))
            changed.append(outcome)
    return changed


def _scan_changes(events: list[TrackingEvent], result: TrackingResult) -> int:
    restated = restating.restate(events, result)  # on throwaway copies: these rows are never saved
    held = {e.fingerprint for e in events}
    return len(restated) + sum(1 for scan in result.events if scan.fingerprint not in held)
