"""EasyPost's tracker endpoints as the official client calls them: translations onto services.

Creates are wrapped (`{"tracker": {...}}`, `{"webhook": {...}}`), lists page newest first by
`before_id`/`after_id` and answer `{"<things>": [...], "has_more": bool}`.
"""

from __future__ import annotations

from django.http import QueryDict
from rest_framework import status
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from accounts.models import Mode
from api.authentication import scope
from api.dialect import DialectView
from api.parsers import JSONParser
from carriers import numbers
from core.errors import invalid, not_found
from dialects.common import DialectSchema, json_object
from dialects.easypost import EASYPOST, representation, tables
from dialects.easypost.webhooks import DIALECT, EVENT_TYPES, render
from events.models import Event
from events.services import events_for, get_event
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dicts
from webhooks import subscriptions
from webhooks.reads import deliveries_by_event

WEBHOOK_KEYS = frozenset({"url", "webhook_secret", "custom_headers"})


def header_dict(headers: object) -> dict:
    """EasyPost's `custom_headers` (a list of {"name", "value"}) as the subscription's name -> value."""
    if headers is None:
        return {}
    if not isinstance(headers, list) or not all(
        isinstance(h, dict) and set(h) == {"name", "value"} and isinstance(h["name"], str) for h in headers
    ):
        raise invalid(
            "invalid_parameter", 'custom_headers must be a list of {"name", "value"} objects.', "custom_headers"
        )
    return {h["name"]: h["value"] for h in headers}


def unwrap(data: object, name: str) -> dict:
    """`{"tracker": {...}}` as the client sends it; form-encoded `tracker[field]=…` as curl does."""
    if isinstance(data, QueryDict):  # a form body
        flat = {key: data.get(key) for key in data}
        prefix = f"{name}["
        data = {name: {k[len(prefix) : -1]: v for k, v in flat.items() if k.startswith(prefix) and k.endswith("]")}}
    body = json_object(data)
    if name not in body:
        raise invalid("parameter_required", f"Wrap the fields in `{name}`.", name, status=422)
    return json_object(body[name], name)


def easypost_trackers(items: list[Tracker]) -> list[dict]:
    timelines = services.events_by_tracker([t.pk for t in items])
    return [representation.tracker(d) for d in tracker_dicts(items, timelines)]


def easypost_events(items: list[Event]) -> list[dict]:
    """Events with their webhook deliveries' URLs and status, read in one query for the page."""
    deliveries = deliveries_by_event([e.pk for e in items], DIALECT)
    return [render(e, deliveries.get(e.pk)) for e in items]


class EasyPostView(DialectView):
    # JSON as the client sends it, or a form body as EasyPost's curl examples do.
    dialect = EASYPOST
    parser_classes = [JSONParser, FormParser]
    schema = DialectSchema()


class Trackers(EasyPostView):
    def get(self, request):
        org_id, mode = scope(request)
        trackers = services.trackers_for(org_id, mode)
        params = request.query_params
        codes = params.getlist("tracking_codes[]") or params.getlist("tracking_codes")
        if params.get("tracking_code"):
            codes = [params["tracking_code"]]
        if codes:
            trackers = trackers.filter(tracking_number__in=[numbers.lenient(c) for c in codes])
        if params.get("carrier"):
            trackers = trackers.filter(courier__in=tables.courier_codes(params["carrier"]))
        return self.page_response(request, trackers, render_all=easypost_trackers, name="trackers")

    def post(self, request):
        # EasyPost ignores parameters it does not read (`amount`, say), and so does this door.
        fields = unwrap(request.data, "tracker")
        carrier = fields.get("carrier")
        if carrier is not None and not isinstance(carrier, str):
            raise invalid("invalid_parameter", "carrier must be a string.", "carrier", status=422)
        key = request.auth
        # A test tracker comes back with its first scans, as EasyPost's do: the sandbox answers
        # offline, so its first refresh runs now (once; no refresh is queued besides).
        creation = services.create_tracker(
            key.organization,
            key.mode,
            fields.get("tracking_code"),
            tables.courier_code(carrier) if carrier else None,
            refresh=key.mode == Mode.TEST,
        )
        created = 201 if creation.created else 200
        return Response(easypost_trackers([creation.tracker])[0], status=created)


class TrackerBatch(EasyPostView):
    def post(self, request):
        body = json_object(request.data)
        codes = body.get("tracking_codes")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes) or len(codes) > 100:
            raise invalid("invalid_parameter", "tracking_codes must be a list of 1 to 100 strings.", "tracking_codes")
        org_id, mode = scope(request)
        rows = list(services.trackers_for(org_id, mode).filter(tracking_number__in=[numbers.lenient(c) for c in codes]))
        return Response({"trackers": easypost_trackers(rows), "has_more": False})


class TrackerDetail(EasyPostView):
    def _tracker(self, request, tracker_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, EASYPOST.ids.parse(tracker_id, "trk", "tracker"))

    def get(self, request, tracker_id: str):
        # The native API's cached document (one small query when nothing changed), translated.
        org_id, mode = scope(request)
        return Response(
            representation.tracker(tracker_document(org_id, mode, EASYPOST.ids.parse(tracker_id, "trk", "tracker")))
        )

    def delete(self, request, tracker_id: str):
        services.delete_tracker(self._tracker(request, tracker_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class Webhooks(EasyPostView):
    def get(self, request):
        org_id, mode = scope(request)
        subs = subscriptions.subscriptions_for(org_id, mode, DIALECT)
        return Response({"webhooks": [representation.webhook(s) for s in subs]})

    def post(self, request):
        fields = unwrap(request.data, "webhook")
        services.refuse_unknown(fields, WEBHOOK_KEYS)
        data = {"url": fields.get("url")}
        if fields.get("webhook_secret"):
            data["secret"] = fields["webhook_secret"]
        if "custom_headers" in fields:
            data["custom_headers"] = header_dict(fields["custom_headers"])
        key = request.auth
        sub = subscriptions.create_subscription(key.organization, key.mode, data, dialect=DIALECT)
        return Response(representation.webhook(sub), status=201)


class WebhookDetail(EasyPostView):
    def _sub(self, request, hook_id: str):
        org_id, mode = scope(request)
        public_id = EASYPOST.ids.parse(hook_id, "whk", "webhook")
        sub = subscriptions.subscriptions_for(org_id, mode, DIALECT).filter(public_id=public_id).first()
        if sub is None:
            raise not_found("webhook")
        return sub

    def get(self, request, hook_id: str):
        return Response(representation.webhook(self._sub(request, hook_id)))

    def patch(self, request, hook_id: str):
        # EasyPost's update takes the fields unwrapped and re-enables a disabled webhook.
        body = json_object(request.data)
        fields = body.get("webhook", body) if isinstance(body.get("webhook"), dict) else body
        services.refuse_unknown(fields, WEBHOOK_KEYS)
        data: dict = {"enabled": True}
        if "url" in fields:
            data["url"] = fields["url"]
        if "webhook_secret" in fields:
            data["secret"] = fields["webhook_secret"] or ""
        if "custom_headers" in fields:
            data["custom_headers"] = header_dict(fields["custom_headers"])
        sub = subscriptions.update_subscription(self._sub(request, hook_id), data)
        return Response(representation.webhook(sub))

    put = patch

    def delete(self, request, hook_id: str):
        subscriptions.delete_subscription(self._sub(request, hook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class Events(EasyPostView):
    def get(self, request):
        org_id, mode = scope(request)
        events = events_for(org_id, mode).filter(type__in=EVENT_TYPES)
        return self.page_response(request, events, render_all=easypost_events, name="events")


class EventDetail(EasyPostView):
    def get(self, request, event_id: str):
        org_id, mode = scope(request)
        event = get_event(org_id, mode, event_id)
        if event.type not in EVENT_TYPES:
            raise not_found("event")
        return Response(easypost_events([event])[0])
