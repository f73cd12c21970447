"""Fitting the model from delivery history: a streaming pass over SQL aggregates.

The database groups the history by lane, destination country and (ship day, delivery day), so a
million deliveries arrive as some tens of thousands of counted groups; each group's transit in
the carrier's delivery days is one subtraction (days.DeliveryDays.between). No per-delivery
Python object is built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet

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


@dataclass
class Counted:
    """The history as the database counted it: (lane…, ship day, delivery day, n) and, where the
    carrier gave an estimate, (lane…, ship day, estimate, delivery day, n). Read once per refit."""

    transit: list[tuple]
    errors: list[tuple]

    @classmethod
    def read(cls, records: QuerySet[DeliveryRecord]) -> Counted:
        estimated = records.filter(carrier_estimate__isnull=False)
        return cls(
            list(_groups(records, "shipped_on", "delivered_on")),
            list(_groups(estimated, "shipped_on", "carrier_estimate", "delivered_on")),
        )

    def last_shipped(self) -> date | None:
        return max((g[5] for g in self.transit), default=None)


def fit(records: QuerySet[DeliveryRecord], counted: Counted | None = None, through: date | None = None) -> Model:
    """The model of these deliveries (weekdays learned, transit and estimate-error histograms).

    `counted`: the records already counted (Counted.read), so a refit reads them once;
    `through`: only deliveries shipped on or before that day (the calibration's earlier model).
    """
    counted = counted or Counted.read(records)
    groups = [g for g in counted.transit if through is None or g[5] <= through]
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
    for carrier, service, origin, destination, country, shipped, estimate, delivered, n in counted.errors:
        if through is not None and shipped > through:
            continue
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


def calibrate(
    records: QuerySet[DeliveryRecord], model: Model, counted: Counted | None = None
) -> tuple[float, float | None, float | None]:
    """(interval level, coverage at the nominal 80 %, coverage at that level), measured, not assumed.

    The model is fitted without the last CALIBRATION_DAYS of history and asked about them; the level
    whose interval covered closest to 80 % is kept. An interval that covered 70 % is widened.
    """
    counted = counted or Counted.read(records)
    last = counted.last_shipped()
    if last is None:
        return NOMINAL_LEVEL, None, None
    cutoff = last - timedelta(days=CALIBRATION_DAYS)
    held_out = list(test_groups(records.filter(shipped_on__gt=cutoff)))
    if sum(n for *_, n in held_out) < MIN_CALIBRATION:
        return NOMINAL_LEVEL, None, None
    earlier = fit(records, counted, through=cutoff)
    measured = coverage(earlier, held_out, LEVELS)
    usable = {lv: c for lv, c in measured.items() if c is not None}
    if not usable:
        return NOMINAL_LEVEL, None, None
    best = min(usable, key=lambda lv: (abs(usable[lv] - NOMINAL_LEVEL), -lv))
    model.interval_level = best
    return best, measured.get(NOMINAL_LEVEL), usable[best]
