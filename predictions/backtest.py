"""The backtest: fit on deliveries shipped before a day, predict those shipped from it on.

Each held-out delivery is predicted as at its first scan, and scored for the model, for the
carrier's own estimate (where it gave one) and for a per-carrier median. Figures overall, per
lane and per week; shares are fractions, errors in calendar days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Q

from predictions.fitting import Counted, calibrate, fit, test_groups
from predictions.model import Model
from predictions.models import FitState
from predictions.store import records

KINDS = ("model", "carrier", "carrier_median")


@dataclass
class Score:
    n: int = 0
    abs_error: int = 0
    exact: int = 0
    within_1_day: int = 0
    covered: int = 0
    has_interval: bool = False

    def add(self, predicted: date | None, actual: date, n: int, interval: tuple[date, date] | None = None) -> None:
        if predicted is None:
            return
        error = abs((actual - predicted).days)
        self.n += n
        self.abs_error += error * n
        self.exact += n if error == 0 else 0
        self.within_1_day += n if error <= 1 else 0
        if interval is not None:
            self.has_interval = True
            self.covered += n if interval[0] <= actual <= interval[1] else 0

    def figures(self) -> dict:
        def share(x: int) -> float | None:
            return round(x / self.n, 4) if self.n else None

        return {
            "n": self.n,
            "mae_days": round(self.abs_error / self.n, 4) if self.n else None,
            "exact": share(self.exact),
            "within_1_day": share(self.within_1_day),
            "coverage": share(self.covered) if self.has_interval else None,
        }


def _scores() -> dict[str, Score]:
    return {kind: Score() for kind in KINDS}


def run(organization_id: int, mode: str, split: date, *, model: Model | None = None) -> dict:
    """{"model", "carrier", "carrier_median", "lanes": [...], "weeks": [...], "interval_level", ...}."""
    history = records(organization_id, mode)
    training = history.filter(shipped_on__lt=split)
    if model is None:
        counted = Counted.read(training)
        model = fit(training, counted)
        calibrate(training, model, counted)
    overall = _scores()
    lanes: dict[str, dict[str, Score]] = defaultdict(_scores)
    weeks: dict[date, dict[str, Score]] = defaultdict(_scores)
    on_time: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for parcel, delivered, _first_latest, n in test_groups(history.filter(shipped_on__gte=split)):
        shipped = parcel.shipped_on
        assert shipped is not None  # history always has its ship day
        estimate = model.predict(parcel)
        interval = (estimate.earliest, estimate.latest) if estimate.earliest and estimate.latest else None
        median = model.carrier_median(parcel.carrier, shipped, parcel.destination_country)
        lane = parcel.keys[0]
        week = shipped - timedelta(days=shipped.weekday())
        for bucket in (overall, lanes[lane], weeks[week]):
            bucket["model"].add(estimate.date, delivered, n, interval)
            bucket["carrier"].add(parcel.carrier_estimate, delivered, n)
            bucket["carrier_median"].add(median, delivered, n)
        if estimate.latest is not None:
            for key in (parcel.carrier, lane):
                on_time[key][0] += n if delivered <= estimate.latest else 0
                on_time[key][1] += n
    return {
        **{kind: score.figures() for kind, score in overall.items()},
        "lanes": [
            {"lane": key, **{kind: score.figures() for kind, score in scores.items()}}
            for key, scores in sorted(lanes.items(), key=lambda item: -item[1]["model"].n)
        ],
        "weeks": [
            {"week": week.isoformat(), **{kind: score.figures() for kind, score in scores.items()}}
            for week, scores in sorted(weeks.items())
        ],
        "on_time": {key: round(hit / total, 4) for key, (hit, total) in on_time.items() if total},
        "interval_level": model.interval_level,
        "split": split.isoformat(),
        "trained_on": sum(lane.deliveries for key, lane in model.lanes.items() if key.startswith("*")),
    }


CACHE_SECONDS = 900


def cached_run(organization_id: int, mode: str, split: date) -> dict:
    """`run`, kept for CACHE_SECONDS per fit of the model: the dashboard page shows it on every
    visit, and a backtest over a large history costs seconds."""
    fitted = FitState.objects.filter(organization_id=organization_id, mode=mode).values_list("fitted_at", flat=True)
    version = fitted.first()
    key = f"edd-backtest:{organization_id}:{mode}:{split.isoformat()}:{version.timestamp() if version else 0}"
    result = cache.get(key)
    if result is None:
        result = run(organization_id, mode, split)
        cache.set(key, result, CACHE_SECONDS)
    return result


def on_time_shown(organization_id: int, mode: str) -> list[dict]:
    """Per carrier and lane: share of tracked deliveries made no later than the first `latest` shown."""
    shown = records(organization_id, mode).filter(first_latest__isnull=False)
    rows = (
        shown.order_by()
        .values("carrier", "service", "origin_region", "destination_region")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(delivered_on__lte=F("first_latest"))))
        .order_by("-n")[:100]
    )
    return [
        {
            "lane": f"{r['carrier']}|{r['service']}|{r['origin_region']}|{r['destination_region']}",
            "n": r["n"],
            "on_time": round(r["on_time"] / r["n"], 4),
        }
        for r in rows
    ]
