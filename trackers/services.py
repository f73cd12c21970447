"""The one door for trackers: create, read, update, delete, refresh.

The API, the dialects, the dashboard, admin actions and management commands all call these
functions; they validate, apply the rules of the seeds and DESIGN.md, and write webhook events in
the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts import services as accounts
from accounts.errors import FieldError, ServiceError, invalid, not_found
from accounts.models import Mode, Organization
from trackers import numbers
from trackers.couriers.detection import Candidate, detect
from trackers.couriers.registry import require_courier
from trackers.models import Tracker
from trackers.refresh import Report, refresh_trackers
from trackers.representation import ORDER_FIELDS, tracker_dict
from webhooks.models import EventType
from webhooks.outbox import NewEvent, emit

MAX_BATCH = 40  # seed 001: up to 40 trackings per request
IMMUTABLE_FIELDS = ("tracking_number", "courier", "mode")
EDITABLE_FIELDS = (*ORDER_FIELDS, "order_created_at", "ship_date", "metadata")
FIELD_LIMITS = {
    "title": 200,
    "order_id": 100,
    "customer_name": 200,
    "customer_email": 254,
    "customer_phone": 40,
    "destination_postal_code": 20,
    "language": 10,
    "comment": 5000,
}


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


def get_tracker(organization: Organization | int, mode: str, public_id: str) -> Tracker:
    tracker = trackers_for(organization, mode).filter(public_id=public_id).first()
    if tracker is None:
        raise not_found("tracker")
    return tracker


# --- validating ---------------------------------------------------------------------------------


def clean_fields(data: dict) -> dict:
    """Order and customer fields (seed 003) and metadata, checked and typed; all errors at once."""
    cleaned: dict = {}
    errors: list[FieldError] = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "metadata":
            if value is None:
                value = {}
            if not isinstance(value, dict):
                errors.append(FieldError(name, "Metadata must be a JSON object."))
                continue
            if len(str(value)) > 16_000:
                errors.append(FieldError(name, "Metadata is limited to 16 KB."))
                continue
        elif name == "order_created_at":
            if value in (None, ""):
                value = None
            else:
                parsed = _safe(parse_datetime, str(value)) or _parse_tracktry_time(str(value))
                if parsed is None:
                    errors.append(FieldError(name, "Use an ISO 8601 date-time, e.g. 2026-04-01T10:08:00Z."))
                    continue
                value = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
        elif name == "ship_date":
            if value in (None, ""):
                value = None
            else:
                text = str(value)
                parsed = _safe(parse_date, text) if "-" in text else _parse_compact_date(text)
                if parsed is None:
                    errors.append(FieldError(name, "Use a date as YYYY-MM-DD or YYYYMMDD."))
                    continue
                value = parsed
        else:
            if value is None:
                value = ""
            if not isinstance(value, str):
                errors.append(FieldError(name, "Must be a string."))
                continue
            value = value.strip()
            if len(value) > FIELD_LIMITS.get(name, 200):
                errors.append(FieldError(name, f"At most {FIELD_LIMITS.get(name, 200)} characters."))
                continue
            if name == "customer_email" and value:
                try:
                    validate_email(value)
                except DjangoValidationError:
                    errors.append(FieldError(name, "Enter a valid email address."))
                    continue
            if name == "destination_country" and value:
                value = value.upper()
                if len(value) != 2 or not value.isalpha():
                    errors.append(FieldError(name, "Use a two-letter ISO 3166 country code, e.g. US."))
                    continue
        cleaned[name] = value
    if errors:
        raise ServiceError("invalid_fields", "Some fields are not valid.", 400, errors)
    return cleaned


def _safe(parse, text: str):
    """Django's parsers raise ValueError for well-formed but impossible values (month 13)."""
    try:
        return parse(text)
    except ValueError:
        return None


def _parse_tracktry_time(text: str) -> datetime | None:
    # Seed 003 writes order times as "2017/8/27 16:51".
    for fmt in ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _parse_compact_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def resolve_courier(mode: str, number: str, courier: str | None) -> tuple[str, bool, list[Candidate]]:
    """(courier code, whether it was detected, the ranked candidates)."""
    candidates = detect(number)
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
    courier: str | None = None,
    fields: dict | None = None,
    *,
    refresh: bool = False,
    enqueue: bool = True,
) -> Creation:
    """Create (or, in live mode, find the deduplicated) tracker; `refresh` asks the carrier now.

    Otherwise a refresh task is queued on commit; bulk callers pass `enqueue=False` and queue one
    task per chunk themselves (the tracker is due at once, so the scheduler would find it anyway).
    """
    number = numbers.normalize(tracking_number)
    code, detected, candidates = resolve_courier(mode, number, courier or None)
    cleaned = clean_fields(fields or {})
    now = timezone.now()
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
        emit(_event(tracker, EventType.TRACKER_CREATED, tracker_dict(tracker, [])))
        if enqueue and not refresh:
            transaction.on_commit(lambda: _enqueue_refresh([tracker.pk]))
    if refresh:
        refresh_trackers([tracker])
    return Creation(tracker, created=True, candidates=candidates)


def create_trackers(organization: Organization, mode: str, items: list, *, refresh: bool = False) -> list[ItemResult]:
    """Seed 001's batch create: each item succeeds or fails on its own."""
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
            fields = {k: v for k, v in item.items() if k in EDITABLE_FIELDS}
            result.creation = create_tracker(
                organization, mode, raw_number, item.get("courier") or item.get("courier_code"), fields, refresh=refresh
            )
            result.tracking_number = result.creation.tracker.tracking_number
        except ServiceError as exc:
            result.error = exc
        results.append(result)
    return results


def _enqueue_refresh(ids: list[int]) -> None:
    from trackers.tasks import enqueue_refresh

    enqueue_refresh(ids)


def _event(tracker: Tracker, type_: str, data: dict, previous: dict | None = None) -> NewEvent:
    return NewEvent(
        organization_id=tracker.organization_id,
        mode=tracker.mode,
        type=type_,
        data=data,
        object_id=tracker.public_id,
        tracker_id=tracker.pk,
        previous_attributes=previous or {},
    )


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
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ServiceError(
            "unknown_field",
            f"Unknown field(s): {', '.join(unknown)}.",
            400,
            [FieldError(name, "Not a tracker field that can be changed.") for name in unknown],
        )
    cleaned = clean_fields(changes)
    with transaction.atomic():
        tracker = Tracker.objects.select_for_update().get(pk=tracker.pk)
        previous: dict = {}
        if "metadata" in changes:
            merged = dict(tracker.metadata)
            for key, value in (changes["metadata"] or {}).items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            cleaned["metadata"] = merged
        for name, value in cleaned.items():
            old = getattr(tracker, name)
            if old != value:
                previous[name] = old.isoformat() if isinstance(old, date | datetime) else old
                setattr(tracker, name, value)
        if previous:
            tracker.updated_at = timezone.now()
            tracker.save(update_fields=[*cleaned, "updated_at"])
            events = list(tracker.events.all())
            emit(_event(tracker, EventType.TRACKER_UPDATED, tracker_dict(tracker, events), previous))
    return tracker


def delete_tracker(tracker: Tracker) -> None:
    """Permanent (seed 004): its pending deliveries stop, and it is 404 from now on."""
    with transaction.atomic():
        from webhooks.fanout import cancel_for_tracker

        cancel_for_tracker(tracker.pk)
        emit(_event(tracker, EventType.TRACKER_DELETED, tracker_dict(tracker)))
        tracker.delete()


def deactivate_trackers(queryset: QuerySet[Tracker]) -> int:
    return queryset.update(active=False, next_refresh_at=None, updated_at=timezone.now())


def refresh_now(tracker: Tracker) -> Report:
    """Ask the carrier now (seed 003's realtime), whatever the schedule says."""
    return refresh_trackers([tracker])


def refresh_many(trackers: list[Tracker]) -> Report:
    return refresh_trackers(trackers)
