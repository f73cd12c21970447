"""Keyset (cursor) pagination: the one paginator of the API lists and the dashboard lists.

No COUNT(*) and no OFFSET: a page costs the same at row 100 and row 1,000,000 (DESIGN.md,
Performance). A page is ordered by one field and the primary key as tie-breaker; the cursor is an
opaque token of the last row's (value, id), plus the sort it was made for when that is not the
default newest-first, so a cursor is never read under another sort. `has_more` comes from fetching
one row extra. A bad cursor is a ServiceError: the API answers 400, the dashboard shows page one.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from core.errors import ServiceError, invalid
from core.inputs import whole_number
from core.times import utc_instant

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_SORT = ("created_at", True)


@dataclass
class Page:
    items: list
    limit: int
    has_more: bool
    next_cursor: str | None

    def meta(self) -> dict:
        return {"limit": self.limit, "has_more": self.has_more, "next_cursor": self.next_cursor}


def _bad_cursor() -> ServiceError:
    return invalid("invalid_cursor", "The cursor is not valid; use next_cursor from a previous page.", "cursor")


def encode_cursor(value: object, pk: int, sort: tuple[str, bool] = DEFAULT_SORT) -> str:
    text = value.isoformat() if isinstance(value, datetime) else value
    parts: list = [text, pk] if sort == DEFAULT_SORT else [text, pk, f"{'-' if sort[1] else ''}{sort[0]}"]
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: tuple[str, bool] = DEFAULT_SORT, *, dated: bool = True) -> tuple[object, int]:
    """(value, pk) of a cursor made for this sort; raises invalid_cursor otherwise."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(parts, list) or len(parts) not in (2, 3):
            raise ValueError("not a cursor")
        made_for = DEFAULT_SORT if len(parts) == 2 else (parts[2].lstrip("-"), parts[2].startswith("-"))
        if made_for != sort or not isinstance(parts[0], str):
            raise ValueError("another sort")
        value: object = utc_instant(datetime.fromisoformat(parts[0])) if dated else parts[0]
        if value is None:
            raise ValueError("out of range")
        pk = whole_number(parts[1])
        if pk is None:
            raise ValueError("not an id")
        return value, pk
    except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad_cursor() from exc


def parse_limit(value: str | None, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    if value in (None, ""):
        return default
    limit = whole_number(value) or 0
    if not 1 <= limit <= maximum:
        raise invalid("invalid_limit", f"limit must be a whole number from 1 to {maximum}.", "limit")
    return limit


def ordered(queryset: QuerySet, sort: tuple[str, bool] = DEFAULT_SORT) -> QuerySet:
    """`queryset` in the order of `sort` = (field, descending), the id breaking ties the same way."""
    field, descending = sort
    return queryset.order_by(f"-{field}", "-id") if descending else queryset.order_by(field, "id")


def paginate(queryset: QuerySet, limit: int, cursor: str | None = None, sort: tuple[str, bool] = DEFAULT_SORT) -> Page:
    """One page of `queryset` ordered by `sort` = (field, descending) then id, after `cursor` when given."""
    field, descending = sort
    queryset = ordered(queryset, sort)
    if cursor:
        dated = queryset.model._meta.get_field(field).get_internal_type() in ("DateTimeField", "DateField")
        value, pk = decode_cursor(cursor, sort, dated=dated)
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"id__{op}": pk}))
    rows = list(queryset[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(getattr(rows[-1], field), rows[-1].pk, sort) if has_more and rows else None
    return Page(items=rows, limit=limit, has_more=has_more, next_cursor=next_cursor)
