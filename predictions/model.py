"""The per-lane model in memory and the prediction it makes for one parcel.

A lane is carrier × service × origin region × destination region. Its transit histogram is
blended with broader levels (drop the service, then the regions, then the carrier), each level
weighing as much as its deliveries say (distribution.blend). The prediction is read from what is
left of the distribution once the days already spent in transit are known (the remaining-time
distribution of parcels that reached the same point on the lane). Where the carrier gave an
estimate and its error on this lane is narrower than the history alone, the estimate corrected by
that error is used (basis `both`).

Plain values in, plain values out: the trackers' refresh calls `predict`, the backtest too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

from predictions import distribution
from predictions.days import WEEKDAYS, calendar
from predictions.regions import region

ANY = "*"
NOMINAL_LEVEL = 0.8
MIN_CARRIER_DELIVERIES = 5  # below this the carrier has no history worth a date: confidence none
MIN_ERRORS = 20  # carrier-estimate errors needed before the estimate is corrected by them


class Confidence:
    HIGH, MEDIUM, LOW, NONE = "high", "medium", "low", "none"


class Basis:
    CARRIER, HISTORY, BOTH = "carrier", "history", "both"


class Milestone:
    """How far the parcel got: what the remaining time is conditioned on."""

    NOT_SCANNED, IN_TRANSIT, OUT_FOR_DELIVERY = "not_scanned", "in_transit", "out_for_delivery"


def lane_keys(carrier: str, service: str, origin_region: str, destination_region: str) -> tuple[str, ...]:
    """The lane's keys, narrowest first: full lane, without service, the carrier, every carrier."""
    return (
        f"{carrier}|{service}|{origin_region}|{destination_region}",
        f"{carrier}|{ANY}|{origin_region}|{destination_region}",
        f"{carrier}|{ANY}|{ANY}|{ANY}",
        f"{ANY}|{ANY}|{ANY}|{ANY}",
    )


@dataclass
class Lane:
    deliveries: int = 0
    transit: list[int] = field(default_factory=distribution.empty)
    estimate_error: list[int] = field(default_factory=distribution.empty)
    weekdays: str = ""


@dataclass(frozen=True)
class Parcel:
    """What is known of a parcel on its way (plain values, whatever app it comes from)."""

    carrier: str
    service: str = ""
    origin_country: str = ""
    origin_postal_code: str = ""
    destination_country: str = ""
    destination_postal_code: str = ""
    shipped_on: date | None = None  # local day of the first carrier scan
    today: date | None = None  # local day now
    milestone: str = Milestone.IN_TRANSIT
    carrier_estimate: date | None = None
    # Given by history (already computed); else cut from the country and postal code.
    origin_region: str | None = None
    destination_region: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        origin = self.origin_region
        if origin is None:
            origin = region(self.origin_country, self.origin_postal_code)
        destination = self.destination_region
        if destination is None:
            destination = region(self.destination_country, self.destination_postal_code)
        return lane_keys(self.carrier, self.service, origin, destination)


@dataclass(frozen=True)
class Estimate:
    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    confidence: str
    basis: str
    # The lane's own deliveries behind it (with and without its service).
    deliveries: int = 0

    @property
    def shown(self) -> bool:
        return self.date is not None


NO_ESTIMATE = Estimate(None, None, None, Confidence.NONE, "")


@dataclass
class Model:
    lanes: dict[str, Lane] = field(default_factory=dict)
    interval_level: float = NOMINAL_LEVEL
    _blends: dict = field(default_factory=dict, repr=False)

    def weekdays(self, carrier: str) -> str:
        lane = self.lanes.get(lane_keys(carrier, "", "", "")[2])
        return (lane.weekdays if lane else "") or WEEKDAYS

    def counts(self, keys: tuple[str, ...]) -> list[int]:
        return [self.lanes[k].deliveries if k in self.lanes else 0 for k in keys]

    def _blend(self, keys: tuple[str, ...], errors: bool) -> tuple[list[float], int]:
        """Blended probabilities (and how many observations stand behind them), memoized per lane."""
        memo = (keys, errors)
        if memo not in self._blends:
            levels = []
            for key in reversed(keys):
                lane = self.lanes.get(key)
                if lane is None:
                    continue
                counts = lane.estimate_error if errors else lane.transit
                levels.append((sum(counts) if errors else lane.deliveries, counts))
            # Errors are borrowed from the carrier's levels only: another carrier's estimates say nothing.
            if errors:
                levels = levels[1:] if keys[-1] in self.lanes else levels
            self._blends[memo] = (distribution.blend(levels), sum(n for n, _ in levels))
        return self._blends[memo]

    def predict(self, parcel: Parcel, level: float | None = None) -> Estimate:
        level = level or self.interval_level
        today = parcel.today or parcel.shipped_on or date.today()
        shipped = parcel.shipped_on or today
        days = calendar(self.weekdays(parcel.carrier), parcel.destination_country)
        keys = parcel.keys
        n_lane, n_lane_any_service, n_carrier, _ = self.counts(keys)
        own, carrier_total = n_lane + n_lane_any_service, n_lane + n_lane_any_service + n_carrier
        estimate = parcel.carrier_estimate
        if carrier_total < MIN_CARRIER_DELIVERIES:
            if estimate is None:
                return NO_ESTIMATE
            return Estimate(estimate, estimate, estimate, Confidence.LOW, Basis.CARRIER)
        if parcel.milestone == Milestone.OUT_FOR_DELIVERY:
            day = today if days.is_delivery_day(today) else days.after(today, 1)
            return Estimate(day, day, day, Confidence.HIGH, Basis.HISTORY, own)
        elapsed = max(0, days.between(shipped, today))
        probs, _ = self._blend(keys, errors=False)
        summary = distribution.summarize(probs, level, at_least=elapsed)
        basis = Basis.HISTORY
        if estimate is not None:
            error_probs, observed = self._blend(keys, errors=True)
            if observed >= MIN_ERRORS:
                shift = days.between(shipped, estimate) - distribution.ERROR_OFFSET
                corrected = distribution.summarize(error_probs, level, at_least=elapsed, shift=shift)
                if corrected is not None and (summary is None or corrected.spread < summary.spread):
                    summary, basis = corrected, Basis.BOTH
        if summary is None:
            # Later than anything the lane has seen: the next delivery day, and no claim of certainty.
            day = days.after(today, 1)
            return Estimate(day, day, days.after(day, 2), Confidence.LOW, basis, own)
        width = summary.high - summary.low
        if own >= 30 and width <= 2:
            confidence = Confidence.HIGH
        elif own >= 10 or (n_carrier >= 50 and width <= 3):
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.LOW
        return Estimate(
            days.after(shipped, summary.median),
            days.after(shipped, summary.low),
            days.after(shipped, summary.high),
            confidence,
            basis,
            own,
        )

    def carrier_median(self, carrier: str, shipped_on: date, destination_country: str) -> date | None:
        """The baseline: the carrier's median transit from the ship day, the same for every lane."""
        lane = self.lanes.get(lane_keys(carrier, "", "", "")[2])
        if lane is None or lane.deliveries == 0:
            return None
        summary = distribution.summarize([float(c) for c in lane.transit], NOMINAL_LEVEL)
        if summary is None:
            return None
        return calendar(self.weekdays(carrier), destination_country).after(shipped_on, summary.median)
