"""How a dialect pages a list: the native keyset pages, or page numbers where a dialect's service uses them.

A paging object turns a queryset and the query string into a page, and a page of rendered items
into the dialect's body. The native one is core.pagination's keyset (no COUNT, no OFFSET); page
numbers (Packy's `page`/`limit` with a total) cost a COUNT and are offered for dialects only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from core import pagination
from core.errors import invalid


class Paged(Protocol):
    items: list


class Paging(Protocol):
    def page(self, queryset: QuerySet, params) -> Paged: ...

    def body(self, items: list, page: Any) -> dict: ...


class KeysetPaging:
    """`limit` and `cursor`; the body is {"data": [...], "meta": {limit, has_more, next_cursor}}."""

    def page(self, queryset: QuerySet, params) -> pagination.Page:
        return pagination.paginate(queryset, pagination.parse_limit(params.get("limit")), params.get("cursor"))

    def body(self, items: list, page: pagination.Page) -> dict:
        return {"data": items, "meta": page.meta()}


@dataclass
class NumberedPage:
    items: list
    page: int
    limit: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.limit) if self.total else 0


class PageNumberPaging:
    """`page` (from 1) and `limit`; a page past the end is empty, a bad page number is a 400."""

    def __init__(self, default_limit: int = pagination.DEFAULT_LIMIT, max_limit: int = pagination.MAX_LIMIT):
        self.default_limit, self.max_limit = default_limit, max_limit

    def page(self, queryset: QuerySet, params) -> NumberedPage:
        limit = pagination.parse_limit(params.get("limit"), self.default_limit, self.max_limit)
        raw = params.get("page")
        number = 1
        if raw not in (None, ""):
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = 0
            if number < 1 or number > 1_000_000:
                raise invalid("invalid_page", "page must be a whole number from 1.", "page")
        ordered = queryset.order_by("-created_at", "-id")
        total = ordered.count()
        start = (number - 1) * limit
        items = list(ordered[start : start + limit]) if start < total else []
        return NumberedPage(items, number, limit, total)

    def body(self, items: list, page: NumberedPage) -> dict:
        return {
            "data": items,
            "meta": {"page": page.page, "limit": page.limit, "total": page.total, "pages": page.pages},
        }
