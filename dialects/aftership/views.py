"""AfterShip's Tracking API endpoints as the official SDK calls them: translations onto
trackers.services, answered in `{"meta", "data"}`.

A tracking is addressed by its id (the tracker's 32 hex digits). Creating a number and slug that
live mode already tracks is AfterShip's 4003 (the services' live deduplication finds it).
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from rest_framework.response import Response

from api.authentication import ApiKeyRateThrottle, scope
from api.dialect import DialectView
from carriers import numbers
from carriers.detection import detect
from carriers.registry import Courier, all_couriers, get_courier
from core.errors import ServiceError, invalid
from core.inputs import boolean
from core.times import iso
from dialects.aftership import AFTERSHIP, inputs, meta, representation, tables
from dialects.common import DialectSchema, json_object
from trackers import services, tags
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dicts


def envelope(data: object, code: int = 200, message: str = "OK", http: int = 200) -> Response:
    return Response({"meta": meta(code, message, "Created" if code == 201 else "OK"), "data": data}, status=http)


def _now() -> str:
    return iso(timezone.now()) or ""


def trackings(items: list[Tracker]) -> list[dict]:
    timelines = services.events_by_tracker([t.pk for t in items])
    labels = tags.tags_by_tracker(items, as_given=True)
    now = _now()
    return [
        representation.tracking(d, now, labels.get(t.pk, []))
        for t, d in zip(items, tracker_dicts(items, timelines), strict=True)
    ]


def rate_limit_headers(response, throttle: ApiKeyRateThrottle | None) -> None:
    """AfterShip's rate-limit headers: the ceiling, what is left, and when the window resets."""
    if throttle is None or throttle.remaining is None:
        return
    response["X-RateLimit-Limit"] = str(throttle.num_requests)
    response["X-RateLimit-Remaining"] = str(throttle.remaining)
    response["X-RateLimit-Reset"] = str(math.ceil(throttle.window_end))


class AfterShipSchema(DialectSchema):
    """Every operation answers its object in the envelope, and any 4XX in AfterShip's error shape."""

    def get_response_serializers(self):
        created = self.method == "POST" and self.path.rstrip("/").endswith("/trackings")
        return {201 if created else 200: OpenApiTypes.OBJECT, "4XX": OpenApiTypes.OBJECT}


class AfterShipView(DialectView):
    dialect = AFTERSHIP
    schema = AfterShipSchema()

    def get_throttles(self):
        # Kept, so the answer (a 429 or not) can tell the caller its rate-limit window.
        self.throttles = super().get_throttles()
        return self.throttles

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        counted = [t for t in getattr(self, "throttles", []) if isinstance(t, ApiKeyRateThrottle)]
        rate_limit_headers(response, counted[0] if counted else None)
        return response

    def tracker(self, request, tracking_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, hex_id=tracking_id)

    def one(self, request, tracker: Tracker) -> dict:
        org_id, mode = scope(request)
        document = tracker_document(org_id, mode, tracker.public_id)
        return representation.tracking(document, _now(), tags.tags_of(tracker, as_given=True))


class Trackings(AfterShipView):
    def get(self, request):
        org_id, mode = scope(request)
        found = inputs.filtered(services.trackers_for(org_id, mode), request.query_params)
        return self.page_response(request, found, render_all=trackings, name="trackings")

    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, tables.CREATE_FIELDS)
        slug = inputs.text(body, "slug")
        key = request.auth
        labels = inputs.shipment_tags(body)
        with transaction.atomic():
            creation = services.create_tracker(
                key.organization,
                key.mode,
                body.get("tracking_number"),
                tables.courier_code(slug) if slug else None,
                inputs.tracker_fields(body),
            )
            if not creation.created:
                raise ServiceError("tracker_exists", "Tracking already exists.", 400)
            if labels:
                tags.set_tags(creation.tracker, labels)
        return envelope(trackings([creation.tracker])[0], 201, "Created", 201)


class TrackingDetail(AfterShipView):
    def get(self, request, tracking_id: str):
        return envelope(self.one(request, self.tracker(request, tracking_id)))

    def put(self, request, tracking_id: str):
        body = json_object(request.data)
        services.refuse_unknown(body, tables.UPDATE_FIELDS)
        tracker = self.tracker(request, tracking_id)
        slug = inputs.text(body, "slug")
        fields = inputs.tracker_fields(body, tracker.metadata)
        if slug and tables.courier_code(slug) != tracker.courier:
            fields["courier"] = tables.courier_code(slug)  # a correction: the old checkpoints are dropped
        labels = inputs.shipment_tags(body)
        with transaction.atomic():
            tracker = services.update_tracker(tracker, fields)
            if labels is not None:
                tags.set_tags(tracker, labels)
        return envelope(trackings([tracker])[0])

    def delete(self, request, tracking_id: str):
        tracker = self.tracker(request, tracking_id)
        shown = trackings([tracker])[0]
        services.delete_tracker(tracker)
        return envelope(shown)


class Retrack(AfterShipView):
    def post(self, request, tracking_id: str):
        tracker = services.reactivate_tracker(self.tracker(request, tracking_id))
        return envelope(trackings([tracker])[0])


class MarkCompleted(AfterShipView):
    def post(self, request, tracking_id: str):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset({"reason", "event_datetime"}))
        reason = body.get("reason")
        if not isinstance(reason, str) or reason not in tables.COMPLETED:
            reasons = ", ".join(tables.COMPLETED)
            raise invalid("invalid_parameter", f"reason must be one of: {reasons}.", "reason")
        status, detail = tables.COMPLETED[reason]
        tracker = services.complete_tracker(self.tracker(request, tracking_id), status, detail)
        return envelope(trackings([tracker])[0])


def courier(c: Courier) -> dict:
    return {
        "slug": tables.slug_for(c.code),
        "name": c.name,
        "phone": None,
        "other_name": None,
        "web_url": c.website or None,
        "required_fields": [],
        "optional_fields": [],
        "default_language": "en",
        "support_languages": ["en"],
        "service_from_country_regions": [],
    }


class Couriers(AfterShipView):
    def get(self, request):
        params = request.query_params
        found = list(all_couriers())
        if boolean(params.get("active"), "active"):
            found = [c for c in found if c.has_adapter]
        if slugs := inputs.values(params, "slug"):
            wanted = {tables.courier_code(s) for s in slugs}
            found = [c for c in found if c.code in wanted]
        return envelope({"total": len(found), "couriers": [courier(c) for c in found]})


DETECT_FIELDS = frozenset(
    {
        "tracking_number",
        "slug",
        "destination_postal_code",
        "tracking_ship_date",
        "tracking_account_number",
        "tracking_key",
        "destination_state",
        "slug_group",
        "origin_country_region",
        "destination_country_region",
    }
)


class CourierDetect(AfterShipView):
    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, DETECT_FIELDS)
        slugs = body.get("slug") or []
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            raise invalid("invalid_parameter", "slug must be a list of courier slugs.", "slug")
        wanted = {tables.courier_code(s) for s in slugs}
        found = [get_courier(c.courier) for c in detect(numbers.normalize(body.get("tracking_number")))]
        listed = [courier(c) for c in found if c is not None and (not wanted or c.code in wanted)]
        return envelope({"total": len(listed), "couriers": listed})


class NotSupported(DialectView):
    # Endpoints of AfterShip's API this server does not offer: a 403 naming what is missing
    # (outside the document: there is nothing to call).
    dialect = AFTERSHIP
    schema = None

    def _refuse(self, request, *args, **kwargs):
        raise ServiceError("forbidden", "This endpoint is not supported by this server.", 403)

    get = post = put = patch = delete = _refuse
