"""Correcting a tracker's courier.

A number first given (or detected) with the wrong courier is corrected by naming the right one.
The old courier's scans stay as history, marked superseded: they no longer drive the status, and
every API leaves them out (TrackingEvent.objects hides them; the dashboard's timeline shows them
marked). The tracker starts over with the new courier: status unknown, due at once, and a
`tracker.updated` whose previous_attributes hold the old courier. Every door (the native PATCH,
AfterShip's PUT with a slug, the dashboard's form and its candidate buttons) goes through
changing.update_tracker, which calls `prepare_change` before its transaction and `switch_courier`
inside it, so a courier change and the other fields of one request are applied together or not at all.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Field, Q

from accounts.models import Mode, Organization
from carriers.detection import Candidate, detect
from carriers.statuses import Status
from core.errors import FieldError, ServiceError, invalid
from trackers import predicting, public_cache
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import DETAIL_FIELDS, VISIBLE_FIELDS
from trackers.services.creating import queue_refresh
from trackers.services.inputs import resolve_courier
from trackers.services.reading import trackers_for

# What starts over with the new courier: everything the old courier's answers had set.
RESET = {
    "status": Status.UNKNOWN,
    "status_detail": "",
    "est_delivery_at": None,
    "delivered_at": None,
    "last_event_at": None,
    "signed_by": "",
    "weight": None,
    "weight_unit": "",
    "service": "",
    "refresh_failures": 0,
    "last_error": "",
    "staleness_reason": "",
    "active": True,
    # The prediction's dates are nullable, its words blank.
    **{name: None if cast("Field[Any, Any]", Tracker._meta.get_field(name)).null else "" for name in predicting.FIELDS},
}
SAVED = ("courier", "courier_detected", "courier_changes", "next_refresh_at", "updated_at", *RESET)


def prepare_change(tracker: Tracker, courier: object) -> str:
    """The courier code a change to `courier` means (the caller compares it with the locked row's).

    The mode's rules are creation's (trackers.services.inputs.resolve_courier): a known code, no
    sandbox in live mode; in test mode any courier, as the sandbox answers whatever a tracker names.
    Checked before any write, so a refused courier changes nothing else of the request either.
    """
    if not isinstance(courier, str) or not courier.strip():
        raise invalid("invalid_courier", "`courier` must be a courier code such as usps.", "courier")
    code, _, _ = resolve_courier(tracker.mode, tracker.tracking_number, courier.strip())
    return code


def switch_courier(tracker: Tracker, code: str, now: datetime) -> dict:
    """Point a tracker, locked by the caller's transaction, at courier `code`: the old scans are
    superseded and the tracker starts over. Returns the previous values of what changed.

    Refused past CARRIER_CHANGE_LIMIT (`carrier_change_limit`), and when another tracker of the
    organization already follows this number with this courier (`tracker_exists`): two trackers of
    one (courier, number) would break the live deduplication and the dialects that address a
    tracking by courier and number.
    """
    limit = settings.CARRIER_CHANGE_LIMIT
    if tracker.courier_changes >= limit:
        raise ServiceError(
            "carrier_change_limit",
            f"This tracker's courier has been changed {tracker.courier_changes} time(s), the most allowed ({limit}); "
            "delete it and create a new tracker with the right courier.",
            409,
            [FieldError("courier", f"At most {limit} courier changes per tracker.")],
        )
    if tracker.mode == Mode.LIVE:  # the same lock creation takes: dedup cannot race a create
        Organization.objects.select_for_update().filter(pk=tracker.organization_id).first()
    if twin := _twin(tracker, code, now):
        raise ServiceError(
            "tracker_exists",
            f"Tracker {twin.public_id} already follows {code} {tracker.tracking_number}; use that one, "
            "or delete it before changing this one's courier.",
            409,
            [FieldError("courier", "This number is already tracked with this courier.")],
        )
    previous = {name: getattr(tracker, name) for name in (*VISIBLE_FIELDS, *DETAIL_FIELDS)}
    previous["courier"] = tracker.courier
    _supersede(tracker, now)
    tracker.courier, tracker.courier_detected = code, False
    tracker.courier_changes += 1
    for name, value in RESET.items():
        setattr(tracker, name, value)
    tracker.next_refresh_at, tracker.updated_at = now, now
    tracker.save(update_fields=list(SAVED))
    public_cache.forget(tracker.public_token)
    transaction.on_commit(lambda: queue_refresh([tracker.pk]))
    return {name: value for name, value in previous.items() if getattr(tracker, name) != value}


def _twin(tracker: Tracker, code: str, now: datetime) -> Tracker | None:
    """Another tracker of the organization that holds (code, number): active, or (live mode)
    still inside the deduplication window, where a create would return it."""
    current = Q(active=True)
    if tracker.mode == Mode.LIVE:
        current |= Q(created_at__gte=now - timedelta(days=settings.DEDUP_DAYS))
    same = trackers_for(tracker.organization_id, tracker.mode).filter(
        tracking_number=tracker.tracking_number, courier=code
    )
    return same.filter(current).exclude(pk=tracker.pk).first()


def _supersede(tracker: Tracker, now: datetime) -> None:
    """Mark the current scans superseded. Their fingerprints are rewritten (unique per tracker and
    change), so the new courier's scans are stored even where they are the same (the sandbox gives
    every courier the same timeline) and a later change back to this courier starts clean too."""
    events = list(TrackingEvent.objects.filter(tracker_id=tracker.pk).only("pk", "fingerprint"))
    for event in events:
        seed = f"superseded:{tracker.courier_changes}:{event.fingerprint}"
        event.fingerprint = hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()
        event.superseded_at = now
    TrackingEvent.history.bulk_update(events, ["fingerprint", "superseded_at"], batch_size=500)


def courier_candidates(tracker: Tracker) -> list[Candidate]:
    """The detected couriers for this tracker's number other than its own, best first: what the
    dashboard offers when the first guess found nothing."""
    return [c for c in detect(tracker.tracking_number) if c.courier != tracker.courier]


def changes_left(tracker: Tracker) -> int:
    return max(0, settings.CARRIER_CHANGE_LIMIT - tracker.courier_changes)


def timeline(tracker: Tracker) -> list[TrackingEvent]:
    """Every event of the tracker, superseded ones included (each says when), newest first."""
    return list(TrackingEvent.history.filter(tracker_id=tracker.pk).order_by("-occurred_at", "-id"))
