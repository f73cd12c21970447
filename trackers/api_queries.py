"""The API's hottest reads, a tracker with its events and the first pages of the list, without the
ORM's per-query compile cost (a fast path: core.fast.reads; the ORM serves with FAST_PATHS off).

GET /api/v1/trackers/{id} is the call integrations make most. Through the ORM its two queries cost
about a millisecond each to build; here the two statements are built once from the models'
metadata and run on a plain cursor. The rows pass through the field converters the ORM applies,
so the objects are the ones the ORM would return (same types on SQLite and PostgreSQL). The scope
is trackers.services.trackers_for's: organization AND mode. The finished document is cached under
the tracker's `updated_at` (see tracker_document), so a repeated read is one small query. The list
(tracker_page) is core.pagination's keyset page of the same scope, newest first, as one prepared
statement: the API takes it when no filter is asked for, the common call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connections, router

from core import pagination
from core.errors import not_found
from core.fast import enabled
from core.fast.reads import Columns, fetchall, fetchone
from trackers.models import Tracker, TrackingEvent
from trackers.representation import tracker_dict

# What the representation does not read; left deferred (loaded on access, which the API never does).
SKIPPED_TRACKER = ("refresh_failures",)
SKIPPED_EVENT = ("fingerprint", "created_at")


class _TrackerWithEvents:
    """Two short statements, built once: the scoped tracker, then its events newest first.

    (One UNION ALL or JOIN statement was measured slower on PostgreSQL: planning a wide padded
    statement costs more than the second round trip on a local connection.)
    """

    def __init__(self, alias: str):
        self.alias = alias
        quote = connections[alias].ops.quote_name
        self.trackers: Columns[Tracker] = Columns(Tracker, alias, SKIPPED_TRACKER)
        self.events: Columns[TrackingEvent] = Columns(TrackingEvent, alias, SKIPPED_EVENT)
        # Only identifiers from model metadata are interpolated; every value is a parameter.
        tracker_table = quote(Tracker._meta.db_table)
        self.version_sql = (
            f"SELECT id, updated_at FROM {tracker_table} "  # noqa: S608
            "WHERE organization_id = %s AND mode = %s AND public_id = %s"
        )
        self.tracker_sql = f"SELECT {self.trackers.sql} FROM {tracker_table} WHERE id = %s"  # noqa: S608
        # core.pagination's keyset page (newest first, id breaking ties) on the `tracker_list` index.
        scoped = f"SELECT {self.trackers.sql} FROM {tracker_table} WHERE organization_id = %s AND mode = %s"  # noqa: S608
        order = " ORDER BY created_at DESC, id DESC LIMIT %s"
        self.page_sql = scoped + order
        self.page_after_sql = scoped + " AND (created_at < %s OR (created_at = %s AND id < %s))" + order
        self.events_sql = (
            f"SELECT {self.events.sql} FROM {quote(TrackingEvent._meta.db_table)} "  # noqa: S608
            "WHERE tracker_id = %s AND superseded_at IS NULL ORDER BY occurred_at DESC, id DESC"
        )

    def version(self, params: list) -> tuple[int, datetime] | None:
        """(id, updated_at as the database returns it) of the scoped tracker, or None."""
        if not enabled():
            organization_id, mode, public_id = params
            scoped = Tracker.objects.using(self.alias).filter(organization_id=organization_id, mode=mode)
            return scoped.filter(public_id=public_id).values_list("id", "updated_at").first()
        return fetchone(self.alias, self.version_sql, params, checked=True)  # type: ignore[return-value]

    def fetch(self, pk: int) -> tuple[Tracker | None, list[TrackingEvent]]:
        if not enabled():
            tracker = Tracker.objects.using(self.alias).defer(*SKIPPED_TRACKER).filter(pk=pk).first()
            if tracker is None:
                return None, []
            events = TrackingEvent.objects.using(self.alias).defer(*SKIPPED_EVENT).filter(tracker_id=pk)
            return tracker, list(events.order_by("-occurred_at", "-id"))
        row = fetchone(self.alias, self.tracker_sql, [pk])
        if row is None:
            return None, []
        tracker = self.trackers.build(row)
        return tracker, self.events.build_all(fetchall(self.alias, self.events_sql, [tracker.pk]))

    def page(self, organization_id: int, mode: str, limit: int, after: tuple | None) -> list[Tracker]:
        """Up to `limit` trackers of the scope, newest first, after (created_at, id) when given."""
        connection = connections[self.alias]
        if after is None:
            sql, params = self.page_sql, [organization_id, mode, limit]
        else:
            instant = connection.ops.adapt_datetimefield_value(after[0])  # as the ORM passes it (SQLite: text)
            sql, params = self.page_after_sql, [organization_id, mode, instant, instant, after[1], limit]
        return self.trackers.build_all(fetchall(self.alias, sql, params, checked=True))


@cache
def _query(alias: str) -> _TrackerWithEvents:
    return _TrackerWithEvents(alias)


def _cached(organization_id: int, mode: str, public_id: str, form: str, make: Callable[[dict], object]):
    """The scoped tracker's document, in `form` (made from the dict by `make`), through the cache.

    Documents are cached under the tracker's id and `updated_at`, which every change that shows in
    the document moves (services.update_tracker, the refresh engine when it adds events or changes
    a visible field): a changed tracker gets a new key, so a cached document is never stale. A hit
    costs one indexed one-row query; the TTL only bounds memory and any write that bypassed the
    services.
    """
    query = _query(router.db_for_read(Tracker))
    head = query.version([organization_id, mode, public_id])
    if head is None:
        raise not_found("tracker")
    pk, updated_at = head
    key = f"api:tracker:{pk}:{updated_at.timestamp():.6f}:{form}"  # no spaces: valid for every cache backend
    document = django_cache.get(key)
    if document is None:
        tracker, events = query.fetch(pk)
        if tracker is None:  # deleted between the two reads
            raise not_found("tracker")
        document = make(tracker_dict(tracker, events))
        django_cache.set(key, document, settings.API_DOCUMENT_CACHE_SECONDS)
    return document


def tracker_document(organization_id: int, mode: str, public_id: str) -> dict:
    """The tracker of this organization and mode as the API shows it, with its events; 404 otherwise."""
    return _cached(organization_id, mode, public_id, "dict", lambda document: document)


def rendered_tracker_document(
    organization_id: int, mode: str, public_id: str, render: Callable[[dict], bytes]
) -> bytes:
    """tracker_document as `render` writes it, cached rendered: a hit neither unpickles nor encodes a dict."""
    return _cached(organization_id, mode, public_id, "bytes", render)


def tracker_page(organization_id: int, mode: str, limit: int, cursor: str | None) -> pagination.Page:
    """core.pagination.paginate of the scope's trackers, newest first (same cursor, same page)."""
    if not enabled():
        return pagination.paginate(Tracker.objects.filter(organization_id=organization_id, mode=mode), limit, cursor)
    after = pagination.decode_cursor(cursor) if cursor else None
    rows = _query(router.db_for_read(Tracker)).page(organization_id, mode, limit + 1, after)
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    next_cursor = pagination.encode_cursor(last.created_at, last.pk) if has_more and last else None
    return pagination.Page(items=rows, limit=limit, has_more=has_more, next_cursor=next_cursor)
