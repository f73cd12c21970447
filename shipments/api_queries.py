"""GET /api/v1/shipments/{id}, cached under the shipment's (and its tracker's) `updated_at`, as
trackers.api_queries does.

Every door that changes what the detail shows (update_shipment, a container update, the tracker
listener) saves the shipment with a new `updated_at`, so a changed shipment gets a new key and a
cached document is never stale; a hit costs one indexed one-row query. The TTL
(API_DOCUMENT_CACHE_SECONDS) bounds memory and what no service writes: a deleted location empties
the references to it without touching the shipments.
"""

from __future__ import annotations

from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router

from core.errors import not_found
from core.fast import enabled
from core.fast.reads import fetchone
from shipments import services
from shipments.models import Shipment
from shipments.representation import shipment_dict
from trackers.models import Tracker


def _head(organization_id: int, mode: str, public_id: str) -> tuple | None:
    """(id, updated_at, its tracker's updated_at) of the scoped shipment, or None."""
    alias = router.db_for_read(Shipment)
    if enabled():  # a fast path: the prebuilt statement (core.fast.reads)
        return fetchone(alias, _head_sql(alias), [organization_id, mode, public_id])
    scoped = Shipment.objects.using(alias).filter(organization_id=organization_id, mode=mode, public_id=public_id)
    return scoped.values_list("id", "updated_at", "tracker__updated_at").first()


def shipment_document(organization_id: int, mode: str, public_id: str) -> dict:
    found = _head(organization_id, mode, public_id)
    if found is None:
        raise not_found("shipment")
    pk, updated_at, tracker_updated_at = found
    # The document shows the tracker's status too: its own changes move the key as well.
    tracker_stamp = f"{tracker_updated_at.timestamp():.6f}" if tracker_updated_at else "-"
    key = f"api:shipment:{pk}:{updated_at.timestamp():.6f}:{tracker_stamp}"
    document = cache.get(key)
    if document is None:
        document = fresh_document(organization_id, mode, public_id)
        cache.set(key, document, settings.API_DOCUMENT_CACHE_SECONDS)
    return document


@memoize
def _head_sql(alias: str) -> str:
    """The version read as plain SQL, built once (a fast path): through the ORM its compilation cost
    more than the query itself (the API's hottest read, as in trackers.api_queries)."""
    quote = connections[alias].ops.quote_name
    shipments, trackers = quote(Shipment._meta.db_table), quote(Tracker._meta.db_table)
    # Only identifiers from model metadata are interpolated; every value is a parameter.
    return (
        f"SELECT s.id, s.updated_at, t.updated_at FROM {shipments} s "  # noqa: S608
        f"LEFT JOIN {trackers} t ON t.id = s.tracker_id "
        "WHERE s.organization_id = %s AND s.mode = %s AND s.public_id = %s"
    )


def fresh_document(organization_id: int, mode: str, public_id: str) -> dict:
    d = services.shipment_detail(organization_id, mode, public_id)
    return shipment_dict(d.shipment, customs=d.customs, logs=d.logs, updates=d.updates, detail=True)
