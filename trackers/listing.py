"""The dashboard's tracker list: search, filters, sorting and keyset pages over one scoped queryset.

Keyset pagination (as accounts/pagination.py does for the API) keeps page 500 as cheap as page 1
with 100,000 trackers: no OFFSET and no COUNT(*). The cursor carries the sort it was made for, so a
cursor from another sort is ignored rather than misread. The CSV export reuses `filtered` so it
exports exactly what the filters show.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from trackers.models import Tracker

PAGE_SIZE = 50

# sort key -> (field, descending, label)
SORTS: dict[str, tuple[str, bool, str]] = {
    "newest": ("created_at", True, "Newest first"),
    "oldest": ("created_at", False, "Oldest first"),
    "updated": ("updated_at", True, "Recently updated"),
    "number": ("tracking_number", False, "Tracking number A–Z"),
    "number_desc": ("tracking_number", True, "Tracking number Z–A"),
}
DEFAULT_SORT = "newest"

# Columns the list template needs; the page never loads metadata, raw payloads or comments.
LIST_FIELDS = (
    "id",
    "public_id",
    "tracking_number",
    "courier",
    "status",
    "status_detail",
    "title",
    "order_id",
    "customer_name",
    "customer_email",
    "est_delivery_at",
    "last_event_at",
    "created_at",
    "updated_at",
)


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    courier: str = ""
    created_from: date | None = None
    created_to: date | None = None
    sort: str = DEFAULT_SORT


@dataclass
class Page:
    items: list[Tracker]
    next_cursor: str | None
    has_more: bool


def search_q(text: str) -> Q:
    """Exact on identifiers (indexed), substring on the free-text fields."""
    text = text.strip()
    bare = text.lstrip("#")
    # Order ids are matched exactly (indexed), with or without the "#" people often write.
    q = Q(order_id__in={text, bare, "#" + bare}) | Q(title__icontains=text) | Q(customer_name__icontains=text)
    if "@" in text:
        q |= Q(customer_email__iexact=text)
    number = re.sub(r"\s+", "", text).upper()
    if number:
        q |= Q(tracking_number__startswith=number)
    return q


def filtered(queryset: QuerySet[Tracker], f: Filters) -> QuerySet[Tracker]:
    if f.q:
        queryset = queryset.filter(search_q(f.q))
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.courier:
        queryset = queryset.filter(courier=f.courier)
    if f.created_from:
        queryset = queryset.filter(created_at__gte=datetime.combine(f.created_from, time.min, UTC))
    if f.created_to:
        end = datetime.combine(f.created_to + timedelta(days=1), time.min, UTC)
        queryset = queryset.filter(created_at__lt=end)
    return queryset


def encode_cursor(sort: str, value, pk: int) -> str:
    raw = json.dumps([sort, value.isoformat() if isinstance(value, datetime) else value, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str):
    """(value, pk) for this sort, or None for a cursor that is malformed or made for another sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if cursor_sort != sort:
            return None
        field = SORTS[sort][0]
        if field.endswith("_at"):
            value = datetime.fromisoformat(value)
        elif not isinstance(value, str):
            return None
        return value, int(pk)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        return None


def page(queryset: QuerySet[Tracker], sort: str, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    sort = sort if sort in SORTS else DEFAULT_SORT
    field, descending, _ = SORTS[sort]
    order = [f"-{field}", "-id"] if descending else [field, "id"]
    queryset = queryset.only(*LIST_FIELDS).order_by(*order)
    decoded = decode_cursor(cursor, sort) if cursor else None
    if decoded:
        value, pk = decoded
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"id__{op}": pk}))
    rows = list(queryset[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(sort, getattr(rows[-1], field), rows[-1].pk) if has_more and rows else None
    return Page(items=rows, next_cursor=next_cursor, has_more=has_more)
