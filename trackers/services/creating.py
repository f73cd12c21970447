"""Creating trackers, one or a batch: normalize, resolve the courier, deduplicate, charge, emit.

Live trackers are deduplicated per organization on (courier, number) for `DEDUP_DAYS` and cost one
credit; the creation, the charge and the `tracker.created` event are one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Mode, Organization
from carriers import numbers
from carriers.detection import Candidate
from core.errors import FieldError, ServiceError, invalid
from core.inputs import boolean
from events.outbox import emit
from trackers import notices
from trackers.models import Tracker
from trackers.refresh import refresh_trackers
from trackers.services.inputs import CREATE_KEYS, refuse_unknown, resolve_courier
from trackers.services.reading import find_tracker, trackers_for
from trackers.validation import EDITABLE_FIELDS, clean_fields

MAX_BATCH = 40  # Packy's batch create: up to 40 trackings per request


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
    `unique_pair` (for APIs that address a tracking by courier and number, as Tracktry does): an
    active tracker with the same pair is a 409 `tracker_exists` instead of a second tracker, in both modes.
    """
    number = numbers.normalize(tracking_number)
    code, detected, candidates = resolve_courier(mode, number, courier, auto_correct=auto_correct)
    cleaned = clean_fields(fields or {})
    now = timezone.now()
    if unique_pair and find_tracker(organization, mode, courier=code, tracking_number=number) is not None:
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
        emit(notices.created(tracker))
        if enqueue and not refresh:
            transaction.on_commit(lambda: queue_refresh([tracker.pk]))
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
    names: Mapping[str, str] | None = None,
) -> list[ItemResult]:
    """A batch create: each item succeeds or fails on its own (`unique_pair`: create_tracker).

    `names` maps the caller's field names onto the tracker's, for an API that names fields its own
    way; a field outside it is refused as that item's error.
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
            if names is not None:
                refuse_unknown(item, frozenset(names))
                item = {names[key]: value for key, value in item.items()}
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
                auto_correct=boolean(item.get("auto_correct"), "auto_correct", code="invalid_flag"),
                unique_pair=unique_pair,
            )
            result.tracking_number = result.creation.tracker.tracking_number
        except ServiceError as exc:
            result.error = exc
        results.append(result)
    return results


def queue_refresh(ids: list[int]) -> None:
    """One refresh task for these trackers (run after commit by the callers that create or correct them)."""
    from trackers.tasks import enqueue_refresh

    enqueue_refresh(ids)
