"""Packy's endpoints: translations onto trackers.services and webhooks.subscriptions."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from carriers import numbers
from carriers.detection import detect
from carriers.registry import all_couriers
from core.errors import ServiceError, not_found
from core.inputs import boolean, whole_number
from dialects.common import DialectSchema, json_object
from dialects.packy import PACKY, representation
from dialects.packy.webhooks import DIALECT
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dict, tracker_dicts
from webhooks import subscriptions
from webhooks.models import Subscription


def _tracking(tracker: Tracker, with_events: bool = True) -> dict:
    events = services.events_by_tracker([tracker.pk]).get(tracker.pk, []) if with_events else None
    return representation.tracking(tracker_dict(tracker, events))


def _trackings(items: list[Tracker]) -> list[dict]:
    return [representation.tracking(d) for d in tracker_dicts(items)]


def _error(error: ServiceError, **where) -> dict:
    return {**where, "code": error.code, "message": error.message}


class PackyView(DialectView):
    dialect = PACKY
    schema = DialectSchema()


class Trackings(PackyView):
    def get(self, request):
        org_id, mode = scope(request)
        return self.page_response(request, services.trackers_for(org_id, mode), render_all=_trackings)

    def post(self, request):
        refresh = not boolean(request.query_params.get("async"), "async", True)
        body = request.data
        items = [body] if isinstance(body, dict) else body
        key = request.auth
        try:
            results = services.create_trackers(key.organization, key.mode, items, refresh=refresh)
        except ServiceError as exc:  # the body as a whole (not 1 to 40 objects): nothing created
            return Response({"data": [], "errors": [_error(exc)]}, status=422)
        data = [_tracking(r.creation.tracker, refresh) for r in results if r.creation is not None]
        errors = [
            _error(r.error, index=r.index, tracking_number=r.tracking_number) for r in results if r.error is not None
        ]
        code = status.HTTP_201_CREATED if not errors else (207 if data else 422)
        return Response({"data": data, "errors": errors}, status=code)


class TrackingDetail(PackyView):
    def _tracker(self, request, tracking_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, hex_id=tracking_id)

    def get(self, request, tracking_id: str):
        # Found by its hex form, then read as the native API's cached document.
        org_id, mode = scope(request)
        tracker = self._tracker(request, tracking_id)
        return Response(representation.tracking(tracker_document(org_id, mode, tracker.public_id)))

    def delete(self, request, tracking_id: str):
        services.delete_tracker(self._tracker(request, tracking_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class Couriers(PackyView):
    def get(self, request):
        return Response([{"code": c.code, "name": c.name, "website": c.website} for c in all_couriers()])


class CourierDetect(PackyView):
    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset({"tracking_number"}))
        number = numbers.normalize(body.get("tracking_number"))
        return Response([{"code": c.courier, "name": c.name, "confidence": c.confidence} for c in detect(number)])


class Webhooks(PackyView):
    def get(self, request):
        org_id, mode = scope(request)
        return Response(
            [representation.subscription(s) for s in subscriptions.subscriptions_for(org_id, mode, DIALECT)]
        )

    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset({"url", "secret", "enabled"}))
        key = request.auth
        sub = subscriptions.create_subscription(key.organization, key.mode, body, dialect=DIALECT)
        return Response(representation.subscription(sub), status=201)


class WebhookDetail(PackyView):
    def _sub(self, request, webhook_id: str) -> Subscription:
        org_id, mode = scope(request)
        sub = None
        if (pk := whole_number(webhook_id)) is not None:
            sub = subscriptions.subscriptions_for(org_id, mode, DIALECT).filter(pk=pk).first()
        if sub is None:
            raise not_found("webhook")
        return sub

    def get(self, request, webhook_id: str):
        return Response(representation.subscription(self._sub(request, webhook_id)))

    def patch(self, request, webhook_id: str):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset({"url", "secret", "enabled"}))
        sub = subscriptions.update_subscription(self._sub(request, webhook_id), body)
        return Response(representation.subscription(sub))

    def delete(self, request, webhook_id: str):
        subscriptions.delete_subscription(self._sub(request, webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
