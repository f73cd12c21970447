"""Packy's endpoints: translations onto trackers.services and webhooks.subscriptions."""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from api.errors import to_service_error
from carriers import numbers
from carriers.detection import detect
from carriers.registry import all_couriers
from core.errors import ServiceError, invalid, not_found
from core.inputs import boolean, whole_number
from dialects.common import DialectSchema, json_object
from dialects.packy import PACKY, packy_message, representation
from dialects.packy.webhooks import DIALECT
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dicts
from webhooks import subscriptions
from webhooks.models import Subscription

WEBHOOK_KEYS = frozenset({"url", "secret", "enabled"})


def _trackings(items: list[Tracker]) -> list[dict]:
    return [representation.tracking(d) for d in tracker_dicts(items)]


def _with_events(items: list[Tracker]) -> list[dict]:
    """Trackings with their events (one query for all): `[]` for one created in the background."""
    timelines = services.events_by_tracker([t.pk for t in items])
    return [representation.tracking(d) for d in tracker_dicts(items, timelines)]


def _error(error: ServiceError, index: int | None, **where) -> dict:
    """One entry of `errors`, in Packy's words: `index` is the item's place in the body, or null
    when the refusal is about the body as a whole."""
    spoken = PACKY.speak(error)
    return {"index": index, **where, "code": spoken.code, "message": packy_message(spoken)}


def _whole_body(error: ServiceError) -> Response:
    """A refusal of the body as a whole: nothing created, the error inside `{data, errors}`; a batch
    over the limit points at the first item past it."""
    index = services.MAX_BATCH if error.code == "batch_too_large" else None
    return Response({"data": [], "errors": [_error(error, index)]}, status=422)


def _body(request) -> object:
    """The parsed body; one that cannot be parsed is a ServiceError, answered in the envelope."""
    try:
        return request.data
    except (ParseError, UnsupportedMediaType) as exc:
        raise to_service_error(exc, PACKY.missing_key_message) or invalid("malformed_json", str(exc)) from None


class PackyView(DialectView):
    dialect = PACKY
    schema = DialectSchema()


class Trackings(PackyView):
    def get(self, request):
        org_id, mode = scope(request)
        return self.page_response(request, services.trackers_for(org_id, mode), render_all=_trackings)

    def post(self, request):
        key = request.auth
        refresh = not boolean(request.query_params.get("async"), "async", True)
        try:
            body = _body(request)
            items = [body] if isinstance(body, dict) else body
            results = services.create_trackers(key.organization, key.mode, items, refresh=refresh)
        except ServiceError as exc:  # the body as a whole (not 1 to 40 objects): nothing created
            return _whole_body(exc)
        data = _with_events([r.creation.tracker for r in results if r.creation is not None])
        errors = [_error(r.error, r.index, tracking_number=r.tracking_number) for r in results if r.error is not None]
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
        services.refuse_unknown(body, WEBHOOK_KEYS)
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
        services.refuse_unknown(body, WEBHOOK_KEYS)
        sub = subscriptions.update_subscription(self._sub(request, webhook_id), body)
        return Response(representation.subscription(sub))

    def put(self, request, webhook_id: str):
        # A full update: what is left out takes its default (no secret, enabled), as on create.
        body = json_object(request.data)
        services.refuse_unknown(body, WEBHOOK_KEYS)
        sub = self._sub(request, webhook_id)
        if "url" not in body:
            raise invalid(
                "url_required", "PUT replaces the whole subscription: send `url` (PATCH changes some fields).", "url"
            )
        sub = subscriptions.update_subscription(sub, {"secret": "", "enabled": True, **body})
        return Response(representation.subscription(sub))

    def delete(self, request, webhook_id: str):
        subscriptions.delete_subscription(self._sub(request, webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
