"""Fitting the model from delivery history: a streaming pass over SQL aggregates.

The database groups the history by lane, destination country and (ship day, delivery day), so a
million deliveries arrive as some tens of thousands of counted groups; each group's transit in
the carrier's delivery days is one subtraction (days.DeliveryDays.between). No per-delivery
Python object is built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.db.models import Count, Max, QuerySet

from predictions import distribution
from predictions.days import calendar, learn_weekdays
from predictions.model import NOMINAL_LEVEL, Lane, Milestone, Model, Parcel, lane_keys
from predictions.models import DeliveryRecord

LANE = ("carrier", "service", "origin_region", "destination_region", "destination_country")
CHUNK = 20_000
CALIBRATION_DAYS = 28
MIN_CALIBRATION = 50
LEVELS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def _groups(records: QuerySet[DeliveryRecord], *extra: str) -> Iterator[tuple]:
    fields = (*LANE, *extra)
    grouped = records.order_by().values(*fields).annotate(n=Count("id")).values_list(*fields, "n")
    return grouped.iterator(chunk_size=CHUNK)


def fit(records: QuerySet[DeliveryRecord]) -> Model:
    """The model of these deliveries (weekdays learned, transit and estimate-error histograms)."""
    groups = list(_groups(records, "shipped_on", "delivered_on"))
    per_weekday: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for carrier, _s, _o, _d, _c, _shipped, delivered, n in groups:
        per_weekday[carrier][delivered.weekday()] += n
    weekdays = {carrier: learn_weekdays(counts) for carrier, counts in per_weekday.items()}
    lanes: dict[str, Lane] = defaultdict(Lane)
    for carrier, service, origin, destination, country, shipped, delivered, n in groups:
        days = calendar(weekdays[carrier], country).between(shipped, delivered)
        slot = distribution.bucket(days)
        for key in lane_keys(carrier, service, origin, destination):
            lane = lanes[key]
            lane.deliveries += n
            lane.transit[slot] += n
    estimated = records.filter(carrier_estimate__isnull=False)
    for carrier, service, origin, destination, country, estimate, delivered, n in _groups(
        estimated, "carrier_estimate", "delivered_on"
    ):
        error = calendar(weekdays.get(carrier, ""), country).between(estimate, delivered)
        slot = distribution.bucket(error, distribution.ERROR_OFFSET)
        for key in lane_keys(carrier, service, origin, destination)[:3]:
            lanes[key].estimate_error[slot] += n
    for carrier, learned in weekdays.items():
        lanes[lane_keys(carrier, "", "", "")[2]].weekdays = learned
    return Model(lanes=dict(lanes))


def test_groups(records: QuerySet[DeliveryRecord]) -> Iterator[tuple[Parcel, date, date | None, int]]:
    """(parcel as seen at its first scan, the day it was delivered, first latest shown, count) per group."""
    for carrier, service, origin, destination, country, shipped, delivered, estimate, first_latest, n in _groups(
        records, "shipped_on", "delivered_on", "carrier_estimate", "first_latest"
    ):
        parcel = Parcel(
            carrier=carrier,
            service=service,
            destination_country=country,
            shipped_on=shipped,
            today=shipped,
            milestone=Milestone.IN_TRANSIT,
            carrier_estimate=estimate,
            origin_region=origin,
            destination_region=destination,
        )
        yield parcel, delivered, first_latest, n


def coverage(model: Model, groups: Iterable[tuple[Parcel, date, date | None, int]], levels: Iterable[float]) -> dict:
    """Share of deliveries inside the interval, per interval level."""
    inside: dict[float, int] = defaultdict(int)
    total = 0
    for parcel, delivered, _first, n in groups:
        for level in levels:
            est = model.predict(parcel, level)
            if est.earliest is not None and est.latest is not None and est.earliest <= delivered <= est.latest:
                inside[level] += n
        total += n
    return {level: (inside[level] / total if total else None) for level in levels}


def calibrate(records: QuerySet[DeliveryRecord], model: Model) -> tuple[float, float | None, float | None]:
    """(interval level, coverage at the nominal 80 %, coverage at that level), measured, not assumed.

    The model is fitted without the last CALIBRATION_DAYS of history and asked about them; the level
    whose interval covered closest to 80 % is kept. An interval that covered 70 % is widened.
    """
    last = records.aggregate(last=Max("shipped_on"))["last"]
    if last is None:
        return NOMINAL_LEVEL, None, None
    cutoff = last - timedelta(days=CALIBRATION_DAYS)
    held_out = list(test_groups(records.filter(shipped_on__gt=cutoff)))
    if sum(n for *_, n in held_out) < MIN_CALIBRATION:
        return NOMINAL_LEVEL, None, None
    earlier = fit(records.filter(shipped_on__lte=cutoff))
    measured = coverage(earlier, held_out, LEVELS)
    usable = {lv: c for lv, c in measured.items() if c is not None}
    if not usable:
        return NOMINAL_LEVEL, None, None
    best = min(usable, key=lambda lv: (abs(usable[lv] - NOMINAL_LEVEL), -lv))
    model.interval_level = best
    return best, measured.get(NOMINAL_LEVEL), usable[best]
