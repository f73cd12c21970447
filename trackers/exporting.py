"""Trackers as CSV rows: the dashboard's streamed export and the bulk export write the same columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from trackers.models import Tracker

COLUMNS = (
    "id",
    "tracking_number",
    "courier",
    "status",
    "status_detail",
    "title",
    "order_id",
    "customer_name",
    "customer_email",
    "customer_phone",
    "est_delivery_at",
    "delivered_at",
    "last_event_at",
    "created_at",
    "public_url",
)


def cell(value) -> str:
    """Dates as ISO 8601; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def row(tracker: Tracker) -> list[str]:
    values = [tracker.public_id, *(getattr(tracker, c) for c in COLUMNS[1:-1]), tracker.public_url]
    return [cell(v) for v in values]


def csv_text(trackers: Iterable[Tracker], header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(COLUMNS)
    for tracker in trackers:
        writer.writerow(row(tracker))
    return out.getvalue()
