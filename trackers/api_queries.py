"""The API's hottest reads, a tracker with its events and the first pages of the list, without the
ORM's per-query compile cost.

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
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import Error, connections, router
from django.db.models import Model

from core import pagination
from core.errors import not_found
from core.fast.instances import fast_cursor, instance
from trackers.models import Tracker, TrackingEvent
from trackers.representation import tracker_dict

M = TypeVar("M", bound=Model)
R = TypeVar("R")

# What the representation does not read; left deferred (loaded on access, which the API never does).
SKIPPED = {
    Tracker: {"next_refresh_at", "last_refreshed_at", "refresh_failures"},
    TrackingEvent: {"raw", "fingerprint", "created_at"},
}


def _columns(model: type[Model], alias: str) -> tuple[list[str], list[str], list[tuple[int, list[Callable], object]]]:
    """(attnames, quoted columns, converters by position) of the model's concrete fields we read."""
    connection = connections[alias]
    fields = [f for f in model._meta.concrete_fields if f.attname not in SKIPPED[model]]
    converters: list[tuple[int, list[Callable], object]] = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((index, found, col))
    return [f.attname for f in fields], [connection.ops.quote_name(f.column) for f in fields], converters


def checked_read(connection, read: Callable[[], R]) -> R:
    """`read` (one idempotent read) with the request's connection health check folded into it.

    With CONN_HEALTH_CHECKS on, Django sends `SELECT 1` before a request's first query on a reused
    connection: a second round trip for an API read that makes one. Here the read itself is the
    check: it runs at once, and if it fails and the connection then proves dead, the connection is
    replaced and the read runs again, as the health check would have made it. A failure on a live
    connection is raised as it is.
    """
    if connection.connection is None or connection.health_check_done or not connection.health_check_enabled:
        return read()
    connection.health_check_done = True
    try:
        return read()
    except Error:  # OperationalError, or InterfaceError on a closed socket
        if connection.in_atomic_block or connection.is_usable():
            raise
    connection.close()
    return read()


class _TrackerWithEvents:
    """Two short statements, built once: the scoped tracker, then its events newest first.

    (One UNION ALL or JOIN statement was measured slower on PostgreSQL: planning a wide padded
    statement costs more than the second round trip on a local connection.)
    """

    def __init__(self, alias: str):
        self.alias = alias
        quote = connections[alias].ops.quote_name
        self.t_names, t_cols, self.t_conv = _columns(Tracker, alias)
        self.e_names, e_cols, self.e_conv = _columns(TrackingEvent, alias)
        # Only identifiers from model metadata are interpolated; every value is a parameter.
        tracker_table = quote(Tracker._meta.db_table)
        self.version_sql = (
            f"SELECT id, updated_at FROM {tracker_table} "  # noqa: S608
            "WHERE organization_id = %s AND mode = %s AND public_id = %s"
        )
        self.tracker_sql = f"SELECT {', '.join(t_cols)} FROM {tracker_table} WHERE id = %s"  # noqa: S608
        # core.pagination's keyset page (newest first, id breaking ties) on the `tracker_list` index.
        scoped = f"SELECT {', '.join(t_cols)} FROM {tracker_table} WHERE organization_id = %s AND mode = %s"  # noqa: S608
        order = " ORDER BY created_at DESC, id DESC LIMIT %s"
        self.page_sql = scoped + order
        self.page_after_sql = scoped + " AND (created_at < %s OR (created_at = %s AND id < %s))" + order
        self.events_sql = (
            f"SELECT {', '.join(e_cols)} FROM {quote(TrackingEvent._meta.db_table)} "  # noqa: S608
            "WHERE tracker_id = %s ORDER BY occurred_at DESC, id DESC"
        )

    def _build(self, model: type[M], names, converters, values: list, connection) -> M:
        """The instance Model.from_db would make, without Model.__init__ (most of a list's cost).

        The fields read are set as __init__ sets them (attname -> converted value); the skipped
        ones stay deferred and would load on access. Neither model has pre_init/post_init receivers
        (tests/api/test_reads.py checks it), the only other thing __init__ does.
        """
        for index, functions, col in converters:
            for function in functions:
                values[index] = function(values[index], col, connection)
        return instance(model, dict(zip(names, values, strict=True)), db=self.alias)

    def version(self, params: list) -> tuple[int, datetime] | None:
        """(id, updated_at as the database returns it) of the scoped tracker, or None."""

        def run() -> tuple[int, datetime] | None:
            with fast_cursor(connections[self.alias]) as cursor:
                cursor.execute(self.version_sql, params)
                return cursor.fetchone()

        return checked_read(connections[self.alias], run)

    def fetch(self, pk: int) -> tuple[Tracker | None, list[TrackingEvent]]:
        connection = connections[self.alias]
        with fast_cursor(connection) as cursor:
            cursor.execute(self.tracker_sql, [pk])
            row = cursor.fetchone()
            if row is None:
                return None, []
            tracker = self._build(Tracker, self.t_names, self.t_conv, list(row), connection)
            cursor.execute(self.events_sql, [tracker.pk])
            rows = cursor.fetchall()
        events = [self._build(TrackingEvent, self.e_names, self.e_conv, list(r), connection) for r in rows]
        return tracker, events

    def page(self, organization_id: int, mode: str, limit: int, after: tuple | None) -> list[Tracker]:
        """Up to `limit` trackers of the scope, newest first, after (created_at, id) when given."""
        connection = connections[self.alias]
        if after is None:
            sql, params = self.page_sql, [organization_id, mode, limit]
        else:
            instant = connection.ops.adapt_datetimefield_value(after[0])  # as the ORM passes it (SQLite: text)
            sql, params = self.page_after_sql, [organization_id, mode, instant, instant, after[1], limit]

        def run() -> list:
            with fast_cursor(connection) as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        rows = checked_read(connection, run)
        return [self._build(Tracker, self.t_names, self.t_conv, list(r), connection) for r in rows]


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
    after = pagination.decode_cursor(cursor) if cursor else None
    rows = _query(router.db_for_read(Tracker)).page(organization_id, mode, limit + 1, after)
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    next_cursor = pagination.encode_cursor(last.created_at, last.pk) if has_more and last else None
    return pagination.Page(items=rows, limit=limit, has_more=has_more, next_cursor=next_cursor)
