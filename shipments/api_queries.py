"""GET /api/v1/shipments/{id}, cached under the shipment's (and its tracker's) `updated_at`, as
trackers.api_queries does.

Every door that changes what the detail shows (update_shipment, a container update, the tracker
listener) saves the shipment with a new `updated_at`, so a changed shipment gets a new key and a
cached document is never stale; a hit costs one indexed one-row query. The TTL
(API_DOCUMENT_CACHE_SECONDS) bounds memory and what no service writes: a deleted location empties
the references to it without touching the shipments.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from core.errors import not_found
from shipments import services
from shipments.representation import shipment_dict


def shipment_document(organization_id: int, mode: str, public_id: str) -> dict:
    head = (
        services.shipments_for(organization_id, mode)
        .filter(public_id=public_id)
        .values_list("id", "updated_at", "tracker__updated_at")
    )
    found = head.first()
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


def fresh_document(organization_id: int, mode: str, public_id: str) -> dict:
    d = services.shipment_detail(organization_id, mode, public_id)
    return shipment_dict(d.shipment, customs=d.customs, logs=d.logs, updates=d.updates, detail=True)
