"""How a dialect pages a list: the one paginator, three ways to cut a page, and a page shape per dialect.

A paging object turns a queryset and the query string into a page (`page`), and a page of rendered
items into the dialect's body (`body`, through the `shape` the dialect declares). The native one is
core.pagination's keyset (no COUNT, no OFFSET; AfterShip's cursor pages add a total, one COUNT);
page numbers (Packy's, PackageX's and Tracktry's `page`/`limit` with a total) cost a COUNT;
anchor paging (EasyPost's `before_id`/`after_id`) pages from an object of the list. Every list is
newest first unless a view passes another `sort`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from core import pagination
from core.errors import ServiceError, invalid
from core.inputs import whole_number
from core.times import parse_instant

Sort = tuple[str, bool]
# A page shape: (rendered items, the page, the list's name) -> the body. The name is what the items
# are called in the body ("data" unless a dialect names its lists, as EasyPost's "trackers").
Shape = Callable[[list, Any, str], dict]


class Paged(Protocol):
    items: list


class Paging(Protocol):
    def page(self, queryset: QuerySet, params, sort: Sort = pagination.DEFAULT_SORT) -> Paged: ...

    def body(self, items: list, page: Any, name: str = "data") -> dict: ...


def meta_body(items: list, page: Any, name: str) -> dict:
    """{"data": [...], "meta": {...}}: the native keyset page, and Packy's numbered one."""
    return {name: items, "meta": page.meta()}


class ShapedPaging:
    def __init__(self, shape: Shape = meta_body):
        self.shape = shape

    def body(self, items: list, page: Any, name: str = "data") -> dict:
        return self.shape(items, page, name)


@dataclass
class CountedPage(pagination.Page):
    """A keyset page that also knows how many rows the whole list holds (AfterShip's `total`)."""

    total: int = 0


class KeysetPaging(ShapedPaging):
    """`limit` and `cursor`; meta is {limit, has_more, next_cursor}.

    A dialect may set its own default and maximum `limit`, and ask for the list's `total` (one
    COUNT per page: only for a dialect whose page shape carries it, as AfterShip's does).
    """

    def __init__(
        self,
        shape: Shape = meta_body,
        default_limit: int = pagination.DEFAULT_LIMIT,
        max_limit: int = pagination.MAX_LIMIT,
        total: bool = False,
    ):
        super().__init__(shape)
        self.default_limit, self.max_limit, self.total = default_limit, max_limit, total

    def page(self, queryset: QuerySet, params, sort: Sort = pagination.DEFAULT_SORT) -> pagination.Page:
        limit = pagination.parse_limit(params.get("limit"), self.default_limit, self.max_limit)
        page = pagination.paginate(queryset, limit, params.get("cursor"), sort)
        if not self.total:
            return page
        return CountedPage(page.items, page.limit, page.has_more, page.next_cursor, queryset.count())


@dataclass
class NumberedPage:
    items: list
    page: int
    limit: int
    total: int
    requested_limit: int | None = None  # set when a larger limit was asked and the ceiling applied

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.limit) if self.total else 0

    def meta(self) -> dict:
        meta = {"page": self.page, "limit": self.limit, "total": self.total, "pages": self.pages}
        if self.requested_limit is not None:  # clamped: say so, and what was asked
            meta["requested_limit"] = self.requested_limit
            meta["max_limit"] = self.limit
        return meta


class PageNumberPaging(ShapedPaging):
    """`page` (from 1) and `limit`; a page past the end is empty, a bad page number is a 400.

    `clamp`: a whole `limit` above `max_limit` is served at `max_limit` instead of refused (for an
    API that documents no maximum), and the page's meta says so (`requested_limit`, `max_limit`).
    """

    def __init__(
        self,
        default_limit: int = pagination.DEFAULT_LIMIT,
        max_limit: int = pagination.MAX_LIMIT,
        shape=meta_body,
        *,
        clamp: bool = False,
    ):
        super().__init__(shape)
        self.default_limit, self.max_limit, self.clamp = default_limit, max_limit, clamp

    def _limit(self, raw) -> tuple[int, int | None]:
        """(the limit served, the limit asked when it was clamped)."""
        if (
            self.clamp
            and isinstance(raw, str)
            and raw.isascii()
            and raw.isdigit()
            and len(raw) <= 30
            and int(raw) > self.max_limit
        ):
            return self.max_limit, int(raw)
        return pagination.parse_limit(raw, self.default_limit, self.max_limit), None

    def page(self, queryset: QuerySet, params, sort: Sort = pagination.DEFAULT_SORT) -> NumberedPage:
        limit, requested = self._limit(params.get("limit"))
        raw = params.get("page")
        number = 1
        if raw not in (None, ""):
            number = whole_number(raw) or 0
            if number < 1 or number > 1_000_000:
                raise invalid("invalid_page", "page must be a whole number from 1.", "page")
        ordered = pagination.ordered(queryset, sort)
        total = ordered.count()
        start = (number - 1) * limit
        items = list(ordered[start : start + limit]) if start < total else []
        return NumberedPage(items, number, limit, total, requested)


@dataclass
class AnchoredPage:
    items: list
    has_more: bool


def _same_id(text: str, native_prefix: str) -> str:
    return text


class AnchorPaging(ShapedPaging):
    """Newest first, `page_size` objects; `before_id` gives the older page, `after_id` the newer one,
    `start_datetime`/`end_datetime` bound the creation time. `read_id` turns a dialect's id back
    into the native one (IdFormat.parse); `has_more` comes from fetching one row extra."""

    def __init__(self, shape: Shape, read_id: Callable[[str, str], str] = _same_id):
        super().__init__(shape)
        self.read_id = read_id

    def page(self, queryset: QuerySet, params, sort: Sort = pagination.DEFAULT_SORT) -> AnchoredPage:
        try:
            size = pagination.parse_limit(params.get("page_size"))
        except ServiceError:
            raise invalid("invalid_parameter", "page_size must be a whole number from 1 to 100.", "page_size") from None
        ordered = pagination.ordered(queryset, sort)
        prefix = queryset.model._meta.get_field("public_id").prefix
        for name, older in (("before_id", True), ("after_id", False)):
            raw = params.get(name)
            if not raw:
                continue
            anchor = queryset.filter(public_id=self.read_id(raw, prefix)).first()
            if anchor is None:
                raise invalid("invalid_parameter", f"{name} names no object of this account.", name)
            after = Q(created_at__gt=anchor.created_at) | Q(created_at=anchor.created_at, id__gt=anchor.pk)
            before = Q(created_at__lt=anchor.created_at) | Q(created_at=anchor.created_at, id__lt=anchor.pk)
            ordered = ordered.filter(before if older else after)
        for name, lookup in (("start_datetime", "created_at__gte"), ("end_datetime", "created_at__lte")):
            raw = params.get(name)
            if raw:
                when = parse_instant(raw)
                if when is None:
                    raise invalid("invalid_parameter", f"{name} must be an ISO 8601 date-time.", name)
                ordered = ordered.filter(**{lookup: when})
        rows = list(ordered[: size + 1])
        return AnchoredPage(rows[:size], len(rows) > size)
