"""Time as the outside world sees it: UTC instants written with a Z, and local times by IANA zone.

Stored times are UTC (DESIGN.md). An event also keeps the zone of its location; every door that
shows local time (API, webhooks, dashboard, public page) goes through `to_local`, so "unknown zone"
means the same thing everywhere: UTC, and said so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.dateparse import parse_date, parse_datetime


def iso(value: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC with a Z, or None."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_any(value: object) -> object:
    """Datetimes as `iso`, dates as YYYY-MM-DD, anything else unchanged (for JSON documents)."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone of that name, or None when the name is empty or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_local(when: datetime, zone_name: str | None) -> tuple[datetime, str | None]:
    """(the instant at its zone's wall-clock time, the zone name), or (in UTC, None) when unknown."""
    tz = zone(zone_name)
    if tz is None:
        return when.astimezone(UTC), None
    return when.astimezone(tz), zone_name


def utc_instant(value: datetime) -> datetime | None:
    """`value` as an aware UTC datetime (a naive value is UTC), or None when no database can hold it.

    Python accepts offsets up to ±23:59 and years 1 to 9999 in any offset; PostgreSQL refuses
    offsets beyond ±15:59, and converting 0001-01-01T00:00+01:00 to UTC overflows. Every input
    instant goes through here, so nothing that reaches a query or a row is out of range.
    """
    try:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except OverflowError:
        return None


def parse_instant(text: str, formats: tuple[str, ...] = ()) -> datetime | None:
    """An ISO 8601 date-time (naive means UTC) or date (its midnight UTC) as UTC; None if not one.

    The one parser of every instant a request carries (API filters, dialect parameters, shipment
    fields, tracker fields): a value no database can hold (an offset beyond ±15:59 is converted
    away; a year that overflows is refused) never reaches a query. `formats` are further strptime
    layouts a door accepts (naive, read as UTC), tried when ISO 8601 fails.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    try:
        parsed = parse_datetime(text)
        if parsed is None and (day := parse_date(text)):
            parsed = datetime.combine(day, time.min)
    except ValueError:  # well formed but impossible, e.g. month 13 or offset +24:00
        parsed = None
    for layout in formats if parsed is None else ():
        try:
            parsed = datetime.strptime(text, layout)
            break
        except ValueError:
            continue
    return utc_instant(parsed) if parsed is not None else None


def from_timestamp(seconds: float) -> datetime | None:
    """Seconds since 1970 as a UTC instant; None when no datetime (or no database) can hold it."""
    try:
        return utc_instant(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None
