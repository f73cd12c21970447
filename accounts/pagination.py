"""Keyset (cursor) pagination, newest first, for every native API list (DESIGN.md, Performance).

No COUNT(*) and no OFFSET: a page costs the same at row 100 and row 1,000,000. The cursor is an
opaque token of the last row's (created_at, id); `has_more` comes from fetching one row extra.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.errors import invalid

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass
class Page:
    items: list
    limit: int
    has_more: bool
    next_cursor: str | None

    def meta(self) -> dict:
        return {"limit": self.limit, "has_more": self.has_more, "next_cursor": self.next_cursor}


def encode_cursor(created_at: datetime, pk: int) -> str:
    raw = json.dumps([created_at.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(created), int(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise invalid(
            "invalid_cursor", "The cursor is not valid; use next_cursor from a previous page.", "cursor"
        ) from exc


def parse_limit(value: str | None, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    if value in (None, ""):
        return default
    try:
        limit = int(value)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= maximum:
        raise invalid("invalid_limit", f"limit must be a whole number from 1 to {maximum}.", "limit")
    return limit


def paginate(queryset: QuerySet, limit: int, cursor: str | None = None) -> Page:
    """One page of `queryset` ordered by (-created_at, -id), after `cursor` when given."""
    queryset = queryset.order_by("-created_at", "-id")
    if cursor:
        created_at, pk = decode_cursor(cursor)
        queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
    rows = list(queryset[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].pk) if has_more and rows else None
    return Page(items=rows, limit=limit, has_more=has_more, next_cursor=next_cursor)
