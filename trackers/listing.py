"""The dashboard's tracker list page: the query door's filters, then one keyset page.

Keyset pagination (core.pagination, the same paginator as the API) keeps page 500 as cheap as
page 1 with 100,000 trackers: no OFFSET and no COUNT(*). A cursor that is malformed or was made
for another sort shows the first page rather than an error.
"""

from __future__ import annotations

from django.db.models import QuerySet

from core import pagination
from core.errors import ServiceError
from trackers.models import Tracker

PAGE_SIZE = 50

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
    "edd_date",
    "edd_earliest",
    "edd_latest",
    "edd_confidence",
    "last_event_at",
    "created_at",
    "updated_at",
)


def page(queryset: QuerySet[Tracker], sort: tuple[str, bool], cursor: str | None, size: int = PAGE_SIZE):
    queryset = queryset.only(*LIST_FIELDS)
    try:
        return pagination.paginate(queryset, size, cursor or None, sort)
    except ServiceError:
        return pagination.paginate(queryset, size, None, sort)
