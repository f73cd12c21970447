"""Generated delivery history, realistic enough to learn from: the demo's and the benchmark's.

Lanes differ in transit distribution, carriers in delivery weekdays; public holidays delay
parcels; carriers' estimates are a fixed promise per service (computed without holidays), biased
on some lanes and missing on others; a few lanes are thin. Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from predictions.days import calendar
from predictions.history import HEADER


@dataclass(frozen=True)
class GeneratedLane:
    carrier: str
    service: str
    origin: tuple[str, str]  # (country, postal code)
    destination: tuple[str, str]
    # Probability of each transit length in delivery days, from `fastest` on.
    fastest: int
    shape: tuple[float, ...]
    weight: float  # share of the volume
    promise: int  # the carrier's estimate, in delivery days (Monday to Friday, holidays ignored)
    estimate_share: float  # how often the carrier gives one


CARRIER_WEEKDAYS = {"usps": "012345", "ups": "01234", "fedex": "01234", "dhl": "01234", "sandbox": "012345"}

LANES = (
    GeneratedLane("usps", "Priority", ("US", "90052"), ("US", "10001"), 2, (0.2, 0.45, 0.25, 0.1), 0.14, 2, 0.9),
    GeneratedLane("usps", "Priority", ("US", "90052"), ("US", "94105"), 1, (0.55, 0.35, 0.1), 0.1, 2, 0.9),
    GeneratedLane("usps", "Ground Advantage", ("US", "60601"), ("US", "30301"), 2, (0.3, 0.4, 0.2, 0.1), 0.1, 3, 0.8),
    GeneratedLane(
        "usps", "Ground Advantage", ("US", "60601"), ("US", "98101"), 3, (0.25, 0.35, 0.25, 0.15), 0.06, 3, 0.7
    ),
    GeneratedLane("ups", "Ground", ("US", "30301"), ("US", "10001"), 1, (0.15, 0.6, 0.25), 0.1, 2, 1.0),
    GeneratedLane("ups", "Ground", ("US", "30301"), ("US", "90052"), 4, (0.3, 0.45, 0.25), 0.08, 5, 1.0),
    GeneratedLane("ups", "2nd Day Air", ("US", "75201"), ("US", "98101"), 2, (0.85, 0.15), 0.04, 2, 1.0),
    GeneratedLane("fedex", "Home Delivery", ("US", "38118"), ("US", "60601"), 1, (0.5, 0.35, 0.15), 0.08, 1, 0.95),
    GeneratedLane("fedex", "Home Delivery", ("US", "38118"), ("US", "80202"), 2, (0.35, 0.4, 0.25), 0.06, 2, 0.0),
    GeneratedLane(
        "fedex", "International Priority", ("US", "38118"), ("GB", "SW1A 1AA"), 3, (0.3, 0.4, 0.2, 0.1), 0.04, 2, 0.9
    ),
    GeneratedLane("dhl", "Express", ("DE", "53113"), ("US", "10001"), 2, (0.4, 0.35, 0.15, 0.1), 0.05, 2, 0.95),
    GeneratedLane("dhl", "Paket", ("DE", "53113"), ("DE", "80331"), 1, (0.6, 0.3, 0.1), 0.08, 1, 0.0),
    GeneratedLane("dhl", "Paket", ("DE", "10115"), ("FR", "75001"), 3, (0.25, 0.35, 0.25, 0.15), 0.04, 3, 0.5),
    GeneratedLane("dhl", "Paket", ("DE", "10115"), ("AT", "1010"), 2, (0.5, 0.5), 0.005, 2, 0.5),
    GeneratedLane("ups", "Standard", ("US", "10001"), ("CA", "M5V 2T6"), 3, (0.3, 0.4, 0.3), 0.004, 4, 0.6),
    GeneratedLane("fedex", "Ground", ("US", "94105"), ("US", "02108"), 4, (0.2, 0.5, 0.3), 0.003, 5, 1.0),
)

# The demo's lanes: the sandbox carrier between the sandbox's own places (carriers/sandbox.py).
DEMO_LANES = (
    GeneratedLane("sandbox", "", ("US", "90052"), ("US", "07102"), 2, (0.25, 0.45, 0.2, 0.1), 0.3, 2, 0.8),
    GeneratedLane("sandbox", "", ("US", "98101"), ("US", "30301"), 2, (0.3, 0.4, 0.2, 0.1), 0.25, 3, 0.8),
    GeneratedLane("sandbox", "", ("US", "40209"), ("US", "90052"), 3, (0.35, 0.4, 0.25), 0.25, 3, 0.7),
    GeneratedLane("sandbox", "", ("US", "07102"), ("US", "98101"), 3, (0.3, 0.45, 0.25), 0.2, 4, 0.7),
)

_PROMISE_DAYS = "01234"


def _pick(rng: random.Random, shape: tuple[float, ...]) -> int:
    roll, total = rng.random(), 0.0
    for i, p in enumerate(shape):
        total += p
        if roll < total:
            return i
    return len(shape) - 1


def generate(
    start: date, end: date, per_day: int, *, seed: int = 7, lanes: tuple[GeneratedLane, ...] = LANES, prefix: str = "H"
) -> Iterator[dict[str, str]]:
    """CSV rows (HEADER's keys) of parcels shipped from `start` to `end` (exclusive), about `per_day` a day."""
    rng = random.Random(seed)
    weights = [lane.weight for lane in lanes]
    day, serial = start, 0
    while day < end:
        # Fewer parcels leave at weekends; none on Sunday.
        volume = 0 if day.weekday() == 6 else per_day // 3 if day.weekday() == 5 else per_day
        for lane in rng.choices(lanes, weights, k=volume):
            serial += 1
            dest_country = lane.destination[0]
            days = calendar(CARRIER_WEEKDAYS[lane.carrier], dest_country)
            transit = lane.fastest + _pick(rng, lane.shape)
            delivered_on = days.after(day, transit)
            shipped_at = datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), UTC)
            delivered_at = datetime.combine(delivered_on, time(9 + rng.randrange(9), rng.randrange(60)), UTC)
            estimate = ""
            if rng.random() < lane.estimate_share:
                estimate = calendar(_PROMISE_DAYS, "").after(day, lane.promise).isoformat()
            yield {
                "tracking_number": f"{prefix}{serial:09d}",
                "carrier": lane.carrier,
                "service": lane.service,
                "origin_country": lane.origin[0],
                "origin_postal_code": lane.origin[1],
                "destination_country": dest_country,
                "destination_postal_code": lane.destination[1],
                "shipped_at": shipped_at.isoformat(),
                "delivered_at": delivered_at.isoformat(),
                "carrier_estimate": estimate,
            }
        day += timedelta(days=1)


def csv_lines(rows: Iterator[dict[str, str]]) -> Iterator[str]:
    """The rows as lines of a CSV file with HEADER, the way an operator's export would look."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield from buffer.getvalue().splitlines(keepends=True)
            buffer.seek(0)
            buffer.truncate()
    yield from buffer.getvalue().splitlines(keepends=True)


def seed_history(
    organization_id: int,
    mode: str,
    today: date,
    *,
    weeks: int = 26,
    per_day: int = 40,
    lanes: tuple[GeneratedLane, ...] = DEMO_LANES,
) -> int:
    """Import generated deliveries shipped in the `weeks` before last week, then refit; returns rows added.

    Through the same import as an operator's file (history.import_deliveries), so the demo shows
    what an imported history gives. Idempotent: the same day gives the same rows.
    """
    from predictions import store
    from predictions.history import import_deliveries

    start = today - timedelta(weeks=weeks)
    rows = generate(start, today - timedelta(days=7), per_day, seed=start.toordinal(), lanes=lanes, prefix="DEMO")
    report = import_deliveries(organization_id, mode, csv_lines(rows))
    store.refit(organization_id, mode)
    return report.added
