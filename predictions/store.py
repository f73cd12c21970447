"""The model as rows: a full refit replaces an organization's lanes, a delivery adds to them.

`refit` (the schedule and the import command) relearns everything, weekdays and the interval's
calibration included; `add_deliveries` (the refresh, as trackers are delivered) adds each new
delivery to its four lane levels at once, so the model never waits for the schedule to learn.
`load` reads only the lanes a batch of parcels needs: one query, whatever the batch.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from predictions import distribution
from predictions.days import calendar
from predictions.fitting import Counted, calibrate, fit
from predictions.history import Delivery
from predictions.model import ANY, Lane, Model, lane_keys
from predictions.models import DeliveryRecord, FitState, LaneFit
from predictions.regions import region

BATCH = 2_000


def records(organization_id: int, mode: str):
    return DeliveryRecord.objects.filter(organization_id=organization_id, mode=mode)


def _level(key: str) -> int:
    """0 the full lane, 1 without its service, 2 the carrier, 3 every carrier (model.lane_keys)."""
    carrier, service, origin, _ = key.split("|", 3)
    if carrier == ANY:
        return 3
    return 2 if origin == ANY else 1 if service == ANY else 0


def refit(organization_id: int, mode: str) -> FitState:
    """Fit on all of the organization's history, measure the interval's coverage, replace the rows."""
    started = time.monotonic()
    history = records(organization_id, mode)
    counted = Counted.read(history)
    model = fit(history, counted)
    level, measured, calibrated = calibrate(history, model, counted)
    now = timezone.now()
    rows = [
        LaneFit(
            organization_id=organization_id,
            mode=mode,
            key=key,
            level=_level(key),
            deliveries=lane.deliveries,
            transit=lane.transit,
            estimate_error=lane.estimate_error,
            weekdays=lane.weekdays,
            updated_at=now,
        )
        for key, lane in model.lanes.items()
    ]
    with transaction.atomic():
        LaneFit.objects.filter(organization_id=organization_id, mode=mode).delete()
        LaneFit.objects.bulk_create(rows, batch_size=BATCH)
        state, _ = FitState.objects.update_or_create(
            organization_id=organization_id,
            mode=mode,
            defaults={
                "fitted_at": now,
                "deliveries": sum(lane.deliveries for k, lane in model.lanes.items() if k.startswith("*")),
                "interval_level": level,
                "measured_coverage": measured,
                "calibrated_coverage": calibrated,
                "seconds": time.monotonic() - started,
            },
        )
    return state


def load(scopes: Iterable[tuple[int, str]], keys: Iterable[str]) -> dict[tuple[int, str], Model]:
    """The models of these (organization, mode) scopes, holding only these lane keys (two queries)."""
    scopes, keys = set(scopes), set(keys)
    models = {scope: Model() for scope in scopes}
    if not scopes or not keys:
        return models
    where = Q()
    for organization_id, mode in scopes:
        where |= Q(organization_id=organization_id, mode=mode)
    for fit_row in LaneFit.objects.filter(where, key__in=sorted(keys)).only(
        "organization_id", "mode", "key", "deliveries", "transit", "estimate_error", "weekdays"
    ):
        models[(fit_row.organization_id, fit_row.mode)].lanes[fit_row.key] = Lane(
            fit_row.deliveries, fit_row.transit, fit_row.estimate_error, fit_row.weekdays
        )
    for organization_id, mode, level in FitState.objects.filter(where).values_list(
        "organization_id", "mode", "interval_level"
    ):
        models[(organization_id, mode)].interval_level = level
    return models


def add_deliveries(organization_id: int, mode: str, deliveries: list[Delivery]) -> None:
    """Add new deliveries to the stored lanes (the incremental update), under a row lock.

    Inside the caller's transaction (the refresh's): the lanes change with the trackers or not at all.
    """
    if not deliveries:
        return
    per_delivery = [
        lane_keys(
            d.carrier,
            d.service,
            region(d.origin_country, d.origin_postal_code),
            region(d.destination_country, d.destination_postal_code),
        )
        for d in deliveries
    ]
    wanted = {key for keys in per_delivery for key in keys}
    now = timezone.now()
    scope = LaneFit.objects.filter(organization_id=organization_id, mode=mode)
    rows = {r.key: r for r in scope.select_for_update().filter(key__in=sorted(wanted)).order_by("key")}
    created: dict[str, LaneFit] = {}
    for d, keys in zip(deliveries, per_delivery, strict=True):
        carrier_row = rows.get(keys[2])
        weekdays = carrier_row.weekdays if carrier_row else ""
        days = calendar(weekdays, d.destination_country)
        transit_slot = distribution.bucket(days.between(d.shipped_on, d.delivered_on))
        error_slot = None
        if d.carrier_estimate is not None:
            error = days.between(d.carrier_estimate, d.delivered_on)
            error_slot = distribution.bucket(error, distribution.ERROR_OFFSET)
        for level, key in enumerate(keys):
            row = rows.get(key) or created.get(key)
            if row is None:
                row = created[key] = LaneFit(
                    organization_id=organization_id,
                    mode=mode,
                    key=key,
                    level=level,
                    transit=distribution.empty(),
                    estimate_error=distribution.empty(),
                )
            row.deliveries += 1
            row.transit[transit_slot] += 1
            if error_slot is not None and level < 3:
                row.estimate_error[error_slot] += 1
            row.updated_at = now
    # One upsert whether the lanes are new or not: the same statements for every batch.
    LaneFit.objects.bulk_create(
        [*rows.values(), *created.values()],
        update_conflicts=True,
        unique_fields=["organization", "mode", "key"],
        update_fields=["deliveries", "transit", "estimate_error", "updated_at"],
    )


def state(organization_id: int, mode: str) -> FitState | None:
    return FitState.objects.filter(organization_id=organization_id, mode=mode).first()
