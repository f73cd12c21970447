"""Delivery history: recording delivered parcels and importing an operator's past deliveries.

Both doors end in `record`, one bulk insert that skips deliveries already known (unique on
organization, mode, carrier, tracking number and first scan), so recording twice or importing the
same file twice adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.fast.bulk import insert_ignoring_conflicts, move_staged, stage
from core.fast.instances import instance
from core.times import utc_instant
from predictions.models import DeliveryRecord
from predictions.regions import region

HEADER = (
    "tracking_number",
    "carrier",
    "service",
    "origin_country",
    "origin_postal_code",
    "destination_country",
    "destination_postal_code",
    "shipped_at",
    "delivered_at",
    "carrier_estimate",
)
BATCH = 5_000
MAX_TRANSIT = timedelta(days=90)  # longer is a lost-and-found parcel, not a transit time to learn


@dataclass(frozen=True)
class Delivery:
    """One delivered parcel, as plain values (times aware; days local to where they happened)."""

    tracking_number: str
    carrier: str
    shipped_at: datetime
    delivered_at: datetime
    shipped_on: date
    delivered_on: date
    service: str = ""
    origin_country: str = ""
    origin_postal_code: str = ""
    destination_country: str = ""
    destination_postal_code: str = ""
    carrier_estimate: date | None = None
    first_latest: date | None = None


def _row(organization_id: int, mode: str, d: Delivery, source: str, now: datetime) -> DeliveryRecord:
    return instance(  # not DeliveryRecord(...): __init__ cost more than the row (core/fast/instances.py)
        DeliveryRecord,
        {
            "id": None,
            "organization_id": organization_id,
            "mode": mode,
            "tracking_number": d.tracking_number,
            "carrier": d.carrier,
            "service": d.service,
            "origin_country": d.origin_country,
            "origin_postal_code": d.origin_postal_code,
            "destination_country": d.destination_country,
            "destination_postal_code": d.destination_postal_code,
            "origin_region": region(d.origin_country, d.origin_postal_code),
            "destination_region": region(d.destination_country, d.destination_postal_code),
            "shipped_at": d.shipped_at,
            "delivered_at": d.delivered_at,
            "shipped_on": d.shipped_on,
            "delivered_on": d.delivered_on,
            "carrier_estimate": d.carrier_estimate,
            "first_latest": d.first_latest,
            "source": source,
            "created_at": now,
        },
    )


def record(
    organization_id: int, mode: str, deliveries: Iterable[Delivery], source: str = DeliveryRecord.Source.TRACKER
) -> None:
    """Insert these deliveries; the ones already recorded are left as they are.

    A fast path on PostgreSQL (core.fast.bulk: COPY into a staging table, then one INSERT … ON
    CONFLICT DO NOTHING), as the refresh writes its events; bulk_create elsewhere.
    """
    now = timezone.now()
    rows = [_row(organization_id, mode, d, source, now) for d in deliveries]
    for start in range(0, len(rows), BATCH):
        insert_ignoring_conflicts(DeliveryRecord, rows[start : start + BATCH])


def stage_records(organization_id: int, mode: str, deliveries: Iterable[Delivery]) -> bool:
    """`record`'s first half, for a caller that sends the second with its own writes: True when
    `move_staged_records` must follow (the refresh sends it in its write pipeline, core.fast.bulk.overlapped).

    On PostgreSQL with the fast paths the rows are streamed into the staging table (COPY, which a
    pipeline cannot carry); elsewhere they are inserted here and nothing follows.
    """
    now = timezone.now()
    rows = [_row(organization_id, mode, d, DeliveryRecord.Source.TRACKER, now) for d in deliveries]
    return stage(DeliveryRecord, rows)


def move_staged_records() -> None:
    """The staged deliveries into the history, skipping those already recorded (sends no reads)."""
    move_staged(DeliveryRecord)


@dataclass
class Refusal:
    line: int
    tracking_number: str
    reason: str


@dataclass
class ImportReport:
    read: int = 0
    added: int = 0
    refused: list[Refusal] = field(default_factory=list)

    @property
    def already_known(self) -> int:
        return self.read - len(self.refused) - self.added


class BadHeader(ValueError):
    pass


def _instant(text: str, name: str) -> tuple[datetime, date]:
    """(UTC instant, local day) of an ISO 8601 time with its offset; ValueError with the reason otherwise."""
    try:
        parsed = parse_datetime(text.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(f"{name} is not an ISO 8601 date and time: {text[:40]!r}")
    if parsed.tzinfo is None:
        raise ValueError(f"{name} has no UTC offset (write it as 2026-03-01T14:06:00+01:00)")
    instant = utc_instant(parsed)
    if instant is None:
        raise ValueError(f"{name} is out of range")
    return instant, parsed.date()


def _country(text: str, name: str) -> str:
    code = text.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValueError(f"{name} must be a two-letter ISO country code")
    return code


def parse_row(row: dict[str, str]) -> Delivery:
    """One CSV line as a Delivery; ValueError saying why it was refused."""
    number = (row.get("tracking_number") or "").strip()
    carrier = (row.get("carrier") or "").strip().lower()
    if not number or len(number) > 64:
        raise ValueError("tracking_number is required (at most 64 characters)")
    if not carrier or len(carrier) > 40:
        raise ValueError("carrier is required (a courier code such as usps, at most 40 characters)")
    shipped_at, shipped_on = _instant(row.get("shipped_at") or "", "shipped_at")
    delivered_at, delivered_on = _instant(row.get("delivered_at") or "", "delivered_at")
    if delivered_at < shipped_at:
        raise ValueError("delivered_at is before shipped_at")
    if delivered_at - shipped_at > MAX_TRANSIT:
        raise ValueError("more than 90 days in transit: not a transit time to learn from")
    estimate_text = (row.get("carrier_estimate") or "").strip()
    estimate = None
    if estimate_text:
        try:
            estimate = parse_date(estimate_text[:10]) if len(estimate_text) >= 10 else None
        except ValueError:
            estimate = None
        if estimate is None:
            raise ValueError("carrier_estimate must be a date (YYYY-MM-DD) or empty")
    return Delivery(
        tracking_number=number,
        carrier=carrier,
        service=(row.get("service") or "").strip()[:100],
        origin_country=_country(row.get("origin_country") or "", "origin_country"),
        origin_postal_code=(row.get("origin_postal_code") or "").strip()[:20],
        destination_country=_country(row.get("destination_country") or "", "destination_country"),
        destination_postal_code=(row.get("destination_postal_code") or "").strip()[:20],
        shipped_at=shipped_at,
        delivered_at=delivered_at,
        shipped_on=shipped_on,
        delivered_on=delivered_on,
        carrier_estimate=estimate,
    )


def _batches(lines: Iterable[str], report: ImportReport) -> Iterator[list[Delivery]]:
    reader = csv.DictReader(lines)
    header = tuple(name.strip() for name in (reader.fieldnames or ()))
    if header != HEADER:
        raise BadHeader("The first line must be the header: " + ",".join(HEADER))
    batch: list[Delivery] = []
    for row in reader:
        report.read += 1
        if None in row:  # more cells than the header has
            report.refused.append(Refusal(reader.line_num, row.get("tracking_number") or "", "too many columns"))
            continue
        try:
            batch.append(parse_row(row))
        except ValueError as exc:
            report.refused.append(Refusal(reader.line_num, (row.get("tracking_number") or "")[:64], str(exc)))
            continue
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def import_deliveries(organization_id: int, mode: str, lines: Iterable[str]) -> ImportReport:
    """Read a CSV of past deliveries into history: refused lines are reported, known ones skipped.

    BadHeader when the first line is not HEADER (nothing is read then).
    """
    report = ImportReport()
    scope = DeliveryRecord.objects.filter(organization_id=organization_id, mode=mode)
    before = scope.count()
    for batch in _batches(lines, report):
        record(organization_id, mode, batch, DeliveryRecord.Source.IMPORT)
    report.added = scope.count() - before
    return report
