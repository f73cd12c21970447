"""Each organization's own reading of carrier codes: (courier, raw code) -> (status, status_detail).

Data, not code: a team that knows its couriers better than our maps (a regional carrier's code that
means "lost" to them) says so once, and every later refresh and `manage.py renormalize` applies it
to that organization's trackers only. `apply()` reads the overrides of a refresh batch's
organizations in one query, and none at all when no answer in it came from a live adapter.
An override restates a scan's status; the scan keeps the identity (fingerprint) the carrier's map
gave it, so creating or removing an override never duplicates an event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from accounts.models import Organization
from carriers.base import EventData, TrackingResult
from carriers.registry import get_courier
from carriers.statuses import Detail, Status
from core.errors import ServiceError, invalid, not_found
from trackers.answer_models import StatusOverride

if TYPE_CHECKING:
    from trackers.refresh import Outcome

Rules = dict[tuple[str, str], tuple[str, str]]  # (courier, raw code) -> (status, status_detail)


def rules_for(organization_ids: Iterable[int]) -> dict[int, Rules]:
    """Every override of these organizations, by organization (one query)."""
    table: dict[int, Rules] = defaultdict(dict)
    rows = StatusOverride.objects.filter(organization_id__in=sorted(set(organization_ids))).values_list(
        "organization_id", "courier", "raw_code", "status", "status_detail"
    )
    for org, courier, code, status, detail in rows:
        table[org][(courier, code)] = (status, detail)
    return table


def apply(outcomes: Iterable[Outcome]) -> None:
    """Restate, in place, the results of `outcomes` that an override of their organization reads."""
    live = [o for o in outcomes if o.result is not None and o.result.answered_by]
    if not live:
        return
    table = rules_for(o.tracker.organization_id for o in live)
    if not table:
        return
    for outcome in live:
        rules = table.get(outcome.tracker.organization_id)
        if rules and outcome.result is not None:
            restate(outcome.result, outcome.tracker.courier, rules)


def restate(result: TrackingResult, courier: str, rules: Rules) -> None:
    """The result's scans and status as the organization reads them."""
    result.events = [_restated(e, rules.get((courier, e.raw_code))) if e.raw_code else e for e in result.events]
    chosen = rules.get((courier, result.raw_code)) if result.raw_code else None
    if chosen is not None:
        result.status, result.status_detail = chosen
        result.overridden = True


def _restated(event: EventData, chosen: tuple[str, str] | None) -> EventData:
    if chosen is None:
        return event
    return replace(event, status=chosen[0], status_detail=chosen[1], identity=event.fingerprint)


# --- the one door for managing them (dashboard, admin, API) -------------------------------------


def overrides_of(organization: Organization):
    return StatusOverride.objects.filter(organization=organization)


def get_override(organization: Organization, public_id: str) -> StatusOverride:
    found = overrides_of(organization).filter(public_id=public_id).first()
    if found is None:
        raise not_found("status override")
    return found


def save_override(
    organization: Organization, courier: str, raw_code: str, status: str, status_detail: str = ""
) -> StatusOverride:
    """Create the override of (courier, raw code), or change the one there is."""
    courier = (courier or "").strip().lower()
    raw_code = " ".join(str(raw_code or "").split())
    if get_courier(courier) is None or courier == "sandbox":
        raise invalid("unknown_courier", f"Unknown courier code '{courier}' in `courier`.", "courier")
    if not raw_code or len(raw_code) > 64:
        raise invalid("invalid_raw_code", "`raw_code` is the carrier's code, 1 to 64 characters.", "raw_code")
    if status not in Status.values:
        raise invalid("invalid_status", f"`status` is one of: {', '.join(Status.values)}.", "status")
    if status_detail and status_detail not in Detail.values:
        raise invalid("invalid_status_detail", "`status_detail` is not one of the known details.", "status_detail")
    try:
        with transaction.atomic():
            row, _created = StatusOverride.objects.update_or_create(
                organization=organization,
                courier=courier,
                raw_code=raw_code,
                defaults={"status": status, "status_detail": status_detail},
            )
    except IntegrityError as exc:  # two saves of one key at once: the other one won
        raise ServiceError("conflict", "This override was just saved by someone else.", 409) from exc
    return row


def delete_override(organization: Organization, public_id: str) -> None:
    get_override(organization, public_id).delete()
