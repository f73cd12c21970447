"""Changing and removing trackers; each change emits its event in the same transaction.

Every write locks the tracker row first, so a PATCH, a DELETE and a refresh that race each other
apply one after another and a deleted tracker is a 404 to the one that lost.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carriers.statuses import Status
from core.errors import FieldError, ServiceError, not_found
from events.outbox import emit, emit_many
from trackers import notices, public_cache
from trackers.models import Tracker
from trackers.services import correcting
from trackers.services.inputs import refuse_unknown
from trackers.services.reading import events_by_tracker
from trackers.validation import EDITABLE_FIELDS, IMMUTABLE_FIELDS, clean_fields, metadata_problem


def update_tracker(tracker: Tracker, changes: dict) -> Tracker:
    """Metadata is merged (a key set to null is removed); order/customer fields are replaced.

    `courier` corrects the courier (trackers.services.correcting): the old scans are superseded and
    the tracker starts over with the new one, in the same transaction as the other fields.
    """
    fixed = [name for name in IMMUTABLE_FIELDS if name in changes]
    if fixed:
        raise ServiceError(
            "immutable_field",
            f"{', '.join(f'`{name}`' for name in fixed)} cannot be changed; delete the tracker and create a new one.",
            400,
            [FieldError(name, "This field is fixed once the tracker exists.") for name in fixed],
        )
    refuse_unknown(changes, frozenset((*EDITABLE_FIELDS, "courier")))
    cleaned = clean_fields(changes)
    new_courier = correcting.prepare_change(tracker, changes["courier"]) if "courier" in changes else None
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:  # deleted since the caller read it (a DELETE raced this PATCH)
            raise not_found("tracker")
        tracker = locked
        previous: dict = {}
        if new_courier is not None and new_courier != tracker.courier:
            previous.update(correcting.switch_courier(tracker, new_courier, timezone.now()))
        if "metadata" in changes:
            merged = dict(tracker.metadata)
            for key, value in (changes["metadata"] or {}).items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            if problem := metadata_problem(merged):
                raise ServiceError(
                    "invalid_fields", "Some fields are not valid.", 400, [FieldError("metadata", problem)]
                )
            cleaned["metadata"] = merged
        for name, value in cleaned.items():
            old = getattr(tracker, name)
            if old != value:
                previous[name] = old
                setattr(tracker, name, value)
        if previous:
            tracker.updated_at = timezone.now()
            tracker.save(update_fields=[*cleaned, "updated_at"])
            emit(notices.updated(tracker, previous, tracker.events.all()))
    return tracker


def delete_tracker(tracker: Tracker) -> None:
    """Permanent (as EasyPost's delete is): it is 404 from now on, its public page too, and listeners
    hear of it (the webhooks app cancels its pending deliveries and sends `tracker.deleted`)."""
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:
            raise not_found("tracker")
        emit(notices.deleted(locked))
        locked.delete()
        public_cache.forget(locked.public_token)


def deactivate_trackers(queryset: QuerySet[Tracker]) -> int:
    """Stop refreshing these trackers; each one that was active emits `tracker.updated`."""
    now = timezone.now()
    with transaction.atomic():
        changed = list(queryset.select_for_update().filter(active=True).order_by("pk"))
        if not changed:
            return 0
        Tracker.objects.filter(pk__in=[t.pk for t in changed]).update(
            active=False, next_refresh_at=None, updated_at=now
        )
        for tracker in changed:
            tracker.active, tracker.next_refresh_at, tracker.updated_at = False, None, now
        timelines = events_by_tracker([t.pk for t in changed])
        emit_many([notices.updated(t, {"active": True}, timelines[t.pk]) for t in changed])
        public_cache.forget_many([t.public_token for t in changed])
    return len(changed)


def complete_tracker(tracker: Tracker, status: str, detail: str) -> Tracker:
    """Close a tracker by hand with a final (status, detail): it stops refreshing (`active` false)
    until it is reactivated, and listeners hear of it as any other change."""
    now = timezone.now()
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:
            raise not_found("tracker")
        previous = {
            name: getattr(locked, name)
            for name, value in (("status", status), ("status_detail", detail), ("active", False))
            if getattr(locked, name) != value
        }
        locked.status, locked.status_detail, locked.active = status, detail, False
        locked.next_refresh_at, locked.updated_at = None, now
        if status == Status.DELIVERED and locked.delivered_at is None:
            locked.delivered_at = now
        locked.save(
            update_fields=["status", "status_detail", "active", "next_refresh_at", "delivered_at", "updated_at"]
        )
        emit(notices.updated(locked, previous, locked.events.all()))
        public_cache.forget(locked.public_token)
    return locked


def reactivate_tracker(tracker: Tracker) -> Tracker:
    """Refresh a tracker that stopped again (expired, completed by hand, or delivered): due at once,
    on its cadence from there (a delivered one is asked once more and stops again unless the
    carrier says otherwise). One still on its schedule is refused (`tracker_active`): it is
    refreshing already. The native retrack and AfterShip's retrack call this."""
    now = timezone.now()
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:
            raise not_found("tracker")
        if locked.active and locked.next_refresh_at is not None:
            raise ServiceError(
                "tracker_active",
                "This tracker is active and refreshing on its schedule; "
                "only an expired or completed one can be retracked.",
                400,
            )
        # A completed one kept `active` and lost only its schedule: its next check is what changed.
        previous: dict = {"active": False} if not locked.active else {"next_check_at": None}
        if locked.staleness_reason:
            previous["staleness_reason"] = locked.staleness_reason
        locked.active, locked.staleness_reason = True, ""
        locked.next_refresh_at, locked.updated_at = now, now
        locked.save(update_fields=["active", "staleness_reason", "next_refresh_at", "updated_at"])
        emit(notices.updated(locked, previous, locked.events.all()))
        public_cache.forget(locked.public_token)
    return locked
