"""The one door for trackers: create, read, update, delete, refresh.

The API, the dialects, the dashboard, admin actions and management commands all call these
functions; they validate, apply the rules of the seeds and DESIGN.md, and write webhook events in
the same transaction as the change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Mode, Organization
from carriers import numbers
from carriers.detection import Candidate, detect, detect_remote
from carriers.registry import require_courier
from core.errors import FieldError, ServiceError, invalid, not_found
from events.outbox import emit, emit_many
from trackers import events, public_cache
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import Report, refresh_trackers
from trackers.validation import EDITABLE_FIELDS, IMMUTABLE_FIELDS, clean_fields, metadata_problem

MAX_BATCH = 40  # seed 001: up to 40 trackings per request


@dataclass
class Creation:
    tracker: Tracker
    created: bool  # False when live deduplication returned an existing tracker
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def deduplicated(self) -> bool:
        return not self.created


@dataclass
class ItemResult:
    index: int
    tracking_number: str
    creation: Creation | None = None
    error: ServiceError | None = None


# --- reading ------------------------------------------------------------------------------------


def trackers_for(organization: Organization | int, mode: str) -> QuerySet[Tracker]:
    """Every tracker query starts here: scoped to one organization and one mode."""
    org_id = organization if isinstance(organization, int) else organization.pk
    return Tracker.objects.filter(organization_id=org_id, mode=mode)


def events_by_tracker(ids: list[int]) -> dict[int, list[TrackingEvent]]:
    """Every event of these trackers in one query, newest first."""
    grouped: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(tracker_id__in=ids).order_by("-occurred_at", "-id"):
        grouped[event.tracker_id].append(event)
    return grouped


def get_tracker(organization: Organization | int, mode: str, public_id: str) -> Tracker:
    tracker = trackers_for(organization, mode).filter(public_id=public_id).first()
    if tracker is None:
        raise not_found("tracker")
    return tracker


def get_tracker_by_hex(organization: Organization | int, mode: str, hex_id: str) -> Tracker:
    """The tracker whose id, written as 32 hex digits (core.ids.hex_form), is `hex_id`."""
    tracker = None
    if isinstance(hex_id, str) and len(hex_id) == 32:
        tracker = trackers_for(organization, mode).filter(hex_id=hex_id.lower()).first()
    if tracker is None:
        raise not_found("tracker")
    return tracker


def find_by_pair(organization: Organization | int, mode: str, courier: str, number: str) -> Tracker | None:
    """The newest active tracker with this (courier, number): how seed 003 addresses a tracking."""
    return (
        trackers_for(organization, mode)
        .filter(courier=courier, tracking_number=numbers.normalize(number), active=True)
        .order_by("-created_at", "-id")
        .first()
    )


def get_by_pair(organization: Organization | int, mode: str, courier: str, number: object) -> Tracker:
    code = require_courier(courier).code if isinstance(courier, str) and courier else ""
    text = number if isinstance(number, str) else ""
    tracker = find_by_pair(organization, mode, code, text) if code and text else None
    if tracker is None:
        raise not_found("tracker")
    return tracker


# --- validating ---------------------------------------------------------------------------------

# What a create item may carry besides the editable fields (`courier_code` is seed 001's name).
CREATE_KEYS = frozenset({"tracking_number", "courier", "courier_code", "auto_correct", *EDITABLE_FIELDS})


def refuse_unknown(data: dict, allowed: frozenset[str] | set[str]) -> None:
    """A field the caller sent that nothing reads is an error, never dropped in silence."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ServiceError(
            "unknown_field",
            f"Unknown field(s): {', '.join(unknown)}.",
            400,
            [FieldError(name, "Not a field of this request.") for name in unknown],
        )


def flag(value: object, name: str) -> bool:
    """A yes/no field as JSON writes it: true/false, 1/0 (seed 003 sends 1), or absent."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if value in (0, 1, "0", "1", "true", "false"):
        return value in (1, "1", "true")
    raise invalid("invalid_flag", f"{name} must be true or false (or 1 or 0).", name)


def resolve_courier(
    mode: str, number: str, courier: object, *, auto_correct: bool = False
) -> tuple[str, bool, list[Candidate]]:
    """(courier code, whether it was detected, the ranked candidates).

    `auto_correct` (seed 003): a given courier that the number's format does not match is replaced
    by the best detected one; with no candidate the given courier stands.
    """
    if courier is not None and not isinstance(courier, str):
        raise invalid("invalid_courier", "courier must be a string: a courier code such as usps.", "courier")
    courier = courier or None
    candidates = detect(number)
    if auto_correct and courier and candidates:
        given = require_courier(courier).code
        if given not in {c.courier for c in candidates}:
            courier = candidates[0].courier
    if mode == Mode.TEST:
        if not numbers.is_sandbox_number(number):
            raise invalid(
                "not_a_sandbox_number",
                f"Test mode accepts sandbox numbers only: {numbers.SANDBOX_PATTERNS_TEXT}.",
                "tracking_number",
                status=422,
            )
        if courier:
            return require_courier(courier).code, False, candidates
        return "sandbox", True, candidates
    if numbers.is_sandbox_number(number):
        raise invalid(
            "sandbox_number_in_live_mode",
            "Sandbox numbers work only with test-mode keys.",
            "tracking_number",
            status=422,
        )
    if courier:
        code = require_courier(courier).code
        if code == "sandbox":
            raise invalid("sandbox_courier_in_live_mode", "The sandbox courier is for test mode.", "courier", 422)
        return code, False, candidates
    if not candidates:
        candidates = detect_remote(number)  # the aggregator, when one is configured
    if not candidates:
        raise invalid(
            "courier_not_detected",
            "The courier could not be detected from this number; pass `courier` (GET /api/v1/couriers lists them).",
            "courier",
            status=422,
        )
    return candidates[0].courier, True, candidates


# --- creating -----------------------------------------------------------------------------------


def create_tracker(
    organization: Organization,
    mode: str,
    tracking_number: object,
    courier: object = None,
    fields: dict | None = None,
    *,
    refresh: bool = False,
    enqueue: bool = True,
    auto_correct: bool = False,
    unique_pair: bool = False,
) -> Creation:
    """Create (or, in live mode, find the deduplicated) tracker; `refresh` asks the carrier now.

    Otherwise a refresh task is queued on commit; bulk callers pass `enqueue=False` and queue one
    task per chunk themselves (the tracker is due at once, so the scheduler would find it anyway).
    `unique_pair` (seed 003, which addresses a tracking by courier and number): an active tracker
    with the same pair is a 409 `tracker_exists` instead of a second tracker, in both modes.
    """
    number = numbers.normalize(tracking_number)
    code, detected, candidates = resolve_courier(mode, number, courier, auto_correct=auto_correct)
    cleaned = clean_fields(fields or {})
    now = timezone.now()
    if unique_pair and find_by_pair(organization, mode, code, number) is not None:
        raise ServiceError(
            "tracker_exists",
            f"A tracker for {code} {number} already exists; address it by courier and number.",
            409,
            [FieldError("tracking_number", "Already tracked with this courier.")],
        )
    with transaction.atomic():
        if mode == Mode.LIVE:
            # One live creation at a time per organization: dedup and credits cannot race.
            org = Organization.objects.select_for_update().get(pk=organization.pk)
            original = (
                trackers_for(org, mode)
                .filter(tracking_number=number, courier=code, created_at__gte=now - timedelta(days=settings.DEDUP_DAYS))
                .order_by("-created_at")
                .first()
            )
            if original is not None:
                return Creation(original, created=False, candidates=candidates)
            if org.credit_balance is not None:
                if org.credit_balance <= 0:
                    raise ServiceError(
                        "insufficient_credits",
                        "This organization has no tracker credits left; add credits to create live trackers.",
                        402,
                    )
                org.credit_balance -= 1
                org.save(update_fields=["credit_balance"])
                organization.credit_balance = org.credit_balance
        tracker = Tracker.objects.create(
            organization=organization,
            mode=mode,
            tracking_number=number,
            courier=code,
            courier_detected=detected,
            next_refresh_at=now,
            created_at=now,
            updated_at=now,
            **cleaned,
        )
        accounts.record_creations(organization.pk, mode, 1)
        emit(events.created(tracker))
        if enqueue and not refresh:
            transaction.on_commit(lambda: _enqueue_refresh([tracker.pk]))
    if refresh:
        refresh_trackers([tracker])
    return Creation(tracker, created=True, candidates=candidates)


def create_trackers(
    organization: Organization,
    mode: str,
    items: list,
    *,
    refresh: bool = False,
    unique_pair: bool = False,
    translate: Callable[[dict], dict] | None = None,
) -> list[ItemResult]:
    """Seed 001's batch create: each item succeeds or fails on its own (`unique_pair`: create_tracker).

    `translate` turns a dialect's item into these field names; its errors are that item's errors.
    """
    if not isinstance(items, list) or not items:
        raise invalid("empty_batch", "Send one tracker object or an array of 1 to 40.", status=422)
    if len(items) > MAX_BATCH:
        raise invalid("batch_too_large", f"At most {MAX_BATCH} trackers per request; got {len(items)}.", status=422)
    results: list[ItemResult] = []
    for index, item in enumerate(items):
        raw_number = item.get("tracking_number") if isinstance(item, dict) else None
        result = ItemResult(index=index, tracking_number=str(raw_number or ""))
        try:
            if not isinstance(item, dict):
                raise invalid("invalid_item", "Each item must be a JSON object.")
            if translate is not None:
                item = translate(item)
            refuse_unknown(item, CREATE_KEYS)
            fields = {k: v for k, v in item.items() if k in EDITABLE_FIELDS}
            courier = item["courier"] if item.get("courier") is not None else item.get("courier_code")
            result.creation = create_tracker(
                organization,
                mode,
                raw_number,
                courier,
                fields,
                refresh=refresh,
                auto_correct=flag(item.get("auto_correct"), "auto_correct"),
                unique_pair=unique_pair,
            )
            result.tracking_number = result.creation.tracker.tracking_number
        except ServiceError as exc:
            result.error = exc
        results.append(result)
    return results


def _enqueue_refresh(ids: list[int]) -> None:
    from trackers.tasks import enqueue_refresh

    enqueue_refresh(ids)


# --- changing -----------------------------------------------------------------------------------


def update_tracker(tracker: Tracker, changes: dict) -> Tracker:
    """Metadata is merged (a key set to null is removed); order/customer fields are replaced."""
    fixed = [name for name in IMMUTABLE_FIELDS if name in changes]
    if fixed:
        raise ServiceError(
            "immutable_field",
            f"{', '.join(fixed)} cannot be changed; delete the tracker and create a new one.",
            400,
            [FieldError(name, "This field is fixed once the tracker exists.") for name in fixed],
        )
    refuse_unknown(changes, frozenset(EDITABLE_FIELDS))
    cleaned = clean_fields(changes)
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:  # deleted since the caller read it (a DELETE raced this PATCH)
            raise not_found("tracker")
        tracker = locked
        previous: dict = {}
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
            emit(events.updated(tracker, previous, tracker.events.all()))
    return tracker


def delete_tracker(tracker: Tracker) -> None:
    """Permanent (seed 004): it is 404 from now on, its public page too, and listeners hear of it
    (the webhooks app cancels its pending deliveries and sends `tracker.deleted`)."""
    with transaction.atomic():
        locked = Tracker.objects.select_for_update().filter(pk=tracker.pk).first()
        if locked is None:
            raise not_found("tracker")
        emit(events.deleted(locked))
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
        emit_many([events.updated(t, {"active": True}, timelines[t.pk]) for t in changed])
        public_cache.forget_many([t.public_token for t in changed])
    return len(changed)


def refresh_now(tracker: Tracker) -> Report:
    """Ask the carrier now (seed 003's realtime), whatever the schedule says.

    A tracker deleted while its carrier was asked is a 404: nothing was written for it.
    """
    report = refresh_trackers([tracker])
    if not report.refreshed and not Tracker.objects.filter(pk=tracker.pk).exists():
        raise not_found("tracker")
    return report


def track_now(
    organization: Organization, mode: str, tracking_number: object, courier: str | None, fields: dict | None = None
) -> Creation:
    """Seed 003's realtime: the tracker of this (courier, number) asked now, created first (and
    charged as a create) when the pair is not tracked yet."""
    number = numbers.normalize(tracking_number)
    code, _, candidates = resolve_courier(mode, number, courier or None)
    existing = find_by_pair(organization, mode, code, number)
    if existing is None:
        return create_tracker(organization, mode, number, code, fields, refresh=True)
    if fields:
        existing = update_tracker(existing, fields)
    refresh_now(existing)
    return Creation(existing, created=False, candidates=candidates)


def refresh_many(trackers: list[Tracker]) -> Report:
    return refresh_trackers(trackers)
