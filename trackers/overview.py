"""The dashboard overview: counts by status, the two work queues, and two small charts.

The counts and both charts read the tally the database keeps (trackers/tally.py), a few hundred
rows whatever the organization's size; the two queues read eight trackers each through their
indexes (tracker_exceptions, tracker_last_event). The charts are plain numbers turned into SVG
geometry here so the template only places rectangles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from carriers.registry import get_courier
from carriers.statuses import EXCEPTION_STATUSES, FINAL_STATUSES, Status
from trackers import tally
from trackers.models import EXCEPTIONS, Tracker

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

QUEUE_SIZE = 8
CHART_DAYS = 30
TRANSIT_DAYS = 90


@dataclass
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text: str


def status_counts(organization_id: int, mode: str) -> list[tuple[str, StrOrPromise, int]]:
    """(status, label, count) for every status, zeros included, in the vocabulary's order."""
    counts = tally.by_status(organization_id, mode)
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def exceptions_q() -> Q:
    return EXCEPTIONS


def exceptions_queue(trackers: QuerySet[Tracker]) -> list[Tracker]:
    return list(trackers.filter(exceptions_q()).order_by("-updated_at")[:QUEUE_SIZE])


def stale_q(now=None) -> Q:
    """Still moving (not final) but silent for STALE_AFTER_DAYS: no event, or none since the cutoff."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.STALE_AFTER_DAYS)
    silent = Q(last_event_at__lt=cutoff) | Q(last_event_at__isnull=True, created_at__lt=cutoff)
    return silent & ~Q(status__in=FINAL_STATUSES | EXCEPTION_STATUSES)


def stale_queue(trackers: QuerySet[Tracker]) -> list[Tracker]:
    return list(trackers.filter(stale_q()).order_by("last_event_at", "created_at")[:QUEUE_SIZE])


def deliveries_per_day(organization_id: int, mode: str, today: date | None = None) -> list[tuple[date, int]]:
    """Deliveries per UTC day over the last CHART_DAYS days, today included, zeros included."""
    today = today or timezone.now().date()
    first = today - timedelta(days=CHART_DAYS - 1)
    counts = tally.deliveries_by_day(organization_id, mode, first)
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(CHART_DAYS)]


def transit_days_by_courier(organization_id: int, mode: str, today: date | None = None) -> list[tuple[str, float, int]]:
    """(courier name, average days from tracker creation to delivery, deliveries) over 90 days."""
    first = (today or timezone.now().date()) - timedelta(days=TRANSIT_DAYS - 1)
    result = []
    for code, n, transit_ms in tally.transit_by_courier(organization_id, mode, first):
        courier = get_courier(code)
        result.append((courier.name if courier else code, transit_ms / n / 86_400_000, n))
    return sorted(result, key=lambda r: r[1])


def column_chart(points: list[tuple[date, int]], width: float = 400, height: float = 140) -> list[Bar]:
    top = max((n for _, n in points), default=0) or 1
    slot = width / max(len(points), 1)
    bars = []
    for i, (day, n) in enumerate(points):
        h = (height - 4) * n / top
        bars.append(Bar(f"{day:%b} {day.day}", n, i * slot + 1, height - h, slot - 2, h, f"{day:%b} {day.day}: {n}"))
    return bars


def bar_chart(rows: list[tuple[str, float, int]], width: float = 400, row_height: float = 30) -> list[Bar]:
    top = max((v for _, v, _ in rows), default=0) or 1
    label_width = 120
    usable = width - label_width - 50
    return [
        Bar(
            name,
            value,
            label_width,
            i * row_height + 4,
            max(usable * value / top, 2),
            row_height - 8,
            f"{value:.1f} d · {n} delivered",
        )
        for i, (name, value, n) in enumerate(rows)
    ]


def overview(trackers: QuerySet[Tracker], organization_id: int, mode: str) -> dict:
    """Everything the overview page shows for one organization and mode (`trackers` is its set)."""
    per_day = deliveries_per_day(organization_id, mode)
    transit = transit_days_by_courier(organization_id, mode)
    counts = status_counts(organization_id, mode)
    return {
        "counts": counts,
        "total": sum(n for _, _, n in counts),
        "exceptions": exceptions_queue(trackers),
        "stale": stale_queue(trackers),
        "stale_days": settings.STALE_AFTER_DAYS,
        "per_day": column_chart(per_day),
        "per_day_total": sum(n for _, n in per_day),
        "per_day_max": max((n for _, n in per_day), default=0),
        "transit": bar_chart(transit),
        "transit_height": max(len(transit), 1) * 30 + 8,
    }
