"""Tracktry's endpoints: translations onto trackers.services, answered in its envelope.

A tracking is addressed by (carrier_code, tracking_number): the newest active tracker with that
pair in the key's organization and mode (services.get_tracker); creating a pair that is already
tracked is Tracktry's 4016 "Tracking already exists".
"""

from __future__ import annotations

from datetime import datetime

from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from carriers import numbers
from carriers.detection import detect
from carriers.registry import all_couriers, get_courier
from core.errors import ServiceError, invalid
from core.inputs import whole_number
from core.times import from_timestamp
from dialects.common import DialectSchema, json_object
from dialects.tracktry import TRACKTRY, representation, tables, tracktry_message
from dialects.tracktry.realtime import track_now
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dicts


def envelope(data: object, code: int = 200, kind: str = "Success", http: int = 200) -> Response:
    return Response({"meta": {"code": code, "type": kind, "message": kind}, "data": data}, status=http)


def translate(item: dict) -> dict:
    """Tracktry's field names onto the tracker's; a field Tracktry does not define is refused."""
    services.refuse_unknown(item, frozenset(tables.FIELDS))
    return {tables.FIELDS[name]: value for name, value in _own_codes(item).items()}


def _own_codes(item: dict) -> dict:
    """Tracktry's carrier codes read as ours (`deutsch-post` is deutsche-post), its `lang` as ISO 639-1."""
    own = {
        name: tables.courier_code(value) if name in ("carrier_code", "destination_code") else value
        for name, value in item.items()
    }
    if "lang" in own:
        own["lang"] = tables.iso_language(own["lang"])
    return own


def own_codes(item: object) -> object:
    """A create item with Tracktry's carrier and language codes read as ours; anything else is left to the service."""
    return _own_codes(item) if isinstance(item, dict) else item


def trackings(items: list[Tracker]) -> list[dict]:
    timelines = services.events_by_tracker([t.pk for t in items])
    return [representation.tracking(d) for d in tracker_dicts(items, timelines)]


def item_error(tracking_number: str, carrier_code: object, error: ServiceError) -> dict:
    code, _ = tables.meta_for(error)
    message = tracktry_message(TRACKTRY.speak(error))
    return {"tracking_number": tracking_number, "carrier_code": carrier_code, "code": code, "message": message}


def _unix(params, name: str) -> datetime | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    seconds = whole_number(raw)
    moment = from_timestamp(seconds) if seconds is not None else None
    if moment is None:
        raise invalid("invalid_parameter", f"{name} must be a Unix time in seconds.", name)
    return moment


class TracktryView(DialectView):
    dialect = TRACKTRY
    schema = DialectSchema()


class TrackingCreate(TracktryView):
    def post(self, request):
        key = request.auth
        if isinstance(request.data, list):
            raise invalid(
                "invalid_body",
                "POST /trackings/post creates one tracking: send one JSON object "
                "(an array of trackings goes to POST /trackings/batch).",
            )
        body = own_codes(json_object(request.data, "tracking"))
        result = services.create_trackers(key.organization, key.mode, [body], unique_pair=True, names=tables.FIELDS)[0]
        if result.error is not None:
            raise result.error
        assert result.creation is not None
        return envelope(trackings([result.creation.tracker])[0], 201, "Created", 201)


class TrackingBatch(TracktryView):
    def post(self, request):
        key = request.auth
        items = request.data
        if not isinstance(items, list):
            raise invalid(
                "invalid_body",
                f"POST /trackings/batch takes an array of 1 to {services.MAX_BATCH} tracking objects "
                "(one tracking on its own goes to POST /trackings/post).",
            )
        if not items:
            raise invalid("empty_batch", f"Send an array of 1 to {services.MAX_BATCH} tracking objects.")
        results = services.create_trackers(
            key.organization, key.mode, [own_codes(i) for i in items], unique_pair=True, names=tables.FIELDS
        )
        created = [r.creation.tracker for r in results if r.creation is not None]
        errors = []
        for r in results:
            if r.error is not None:
                item = items[r.index]
                carrier = item.get("carrier_code") if isinstance(item, dict) else None
                errors.append(item_error(r.tracking_number, carrier, r.error))
        data = {"submitted": len(results), "added": len(created), "trackings": trackings(created), "errors": errors}
        return envelope(data)


class TrackingList(TracktryView):
    def get(self, request):
        org_id, mode = scope(request)
        params = request.query_params
        found = services.trackers_for(org_id, mode)
        if params.get("status"):
            found = found.filter(tables.status_filter(params["status"]))
        if params.get("carrier_code"):
            found = found.filter(courier=tables.courier_code(params["carrier_code"].strip().lower()))
        if params.get("tracking_number"):
            found = found.filter(tracking_number=numbers.lenient(params["tracking_number"]))
        for name, lookup in (
            ("created_at_min", "created_at__gte"),
            ("created_at_max", "created_at__lte"),
            ("update_at_min", "updated_at__gte"),
            ("update_at_max", "updated_at__lte"),
        ):
            when = _unix(params, name)
            if when is not None:
                found = found.filter(**{lookup: when})
        return self.page_response(request, found, render_all=trackings, name="items")


class TrackingDetail(TracktryView):
    def _tracker(self, request, carrier_code: str, tracking_number: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(
            org_id, mode, courier=tables.courier_code(carrier_code), tracking_number=tracking_number
        )

    def get(self, request, carrier_code: str, tracking_number: str):
        # Found by its pair, then read as the native API's cached document.
        org_id, mode = scope(request)
        tracker = self._tracker(request, carrier_code, tracking_number)
        return envelope(representation.tracking(tracker_document(org_id, mode, tracker.public_id)))

    def put(self, request, carrier_code: str, tracking_number: str):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset(tables.UPDATE_FIELDS))
        tracker = self._tracker(request, carrier_code, tracking_number)
        tracker = services.update_tracker(tracker, translate(body))
        return envelope(trackings([tracker])[0])

    def delete(self, request, carrier_code: str, tracking_number: str):
        tracker = self._tracker(request, carrier_code, tracking_number)
        services.delete_tracker(tracker)
        return envelope(
            {"tracking_number": tracker.tracking_number, "carrier_code": tables.carrier_code(tracker.courier)}
        )


class TrackingRealtime(TracktryView):
    def post(self, request):
        key = request.auth
        if isinstance(request.data, list):
            raise invalid(
                "invalid_body", "POST /trackings/realtime reads one tracking: send one JSON object, not an array."
            )
        fields = translate(json_object(request.data, "tracking"))
        number = fields.pop("tracking_number", None)
        courier = fields.pop("courier", None)
        fields.pop("auto_correct", None)
        creation = track_now(key.organization, key.mode, number, courier, fields)
        return envelope({"items": trackings([creation.tracker])})


class CarrierList(TracktryView):
    def get(self, request):
        data = [
            {
                "name": c.name,
                "code": tables.carrier_code(c.code),
                "phone": "",
                "homepage": c.website,
                "type": "express",
                "picture": "",
            }
            for c in all_couriers()
        ]
        return envelope(data)


class CarrierDetect(TracktryView):
    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, frozenset({"tracking_number"}))
        found = detect(numbers.normalize(body.get("tracking_number")))
        data = []
        for candidate in found:
            courier = get_courier(candidate.courier)
            name = courier.name if courier else candidate.courier
            data.append({"name": name, "code": tables.carrier_code(candidate.courier)})
        return envelope(data)
