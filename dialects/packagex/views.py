"""PackageX's tracker endpoints and shipment update: translations onto
trackers.services and shipments.services."""

from __future__ import annotations

from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from dialects.common import DialectSchema, json_object
from dialects.packagex import PACKAGEX, representation
from shipments import services as shipments
from shipments.api_queries import fresh_document, shipment_document
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dict, tracker_dicts

CREATE_KEYS = frozenset({"tracking_number", "provider_id"})
UPDATE_KEYS = frozenset({"metadata"})


def _tracker(tracker: Tracker) -> dict:
    events = services.events_by_tracker([tracker.pk]).get(tracker.pk, [])
    return representation.tracker(tracker_dict(tracker, events))


def _trackers(items: list[Tracker]) -> list[dict]:
    return [representation.tracker(d) for d in tracker_dicts(items)]


class PackageXView(DialectView):
    dialect = PACKAGEX
    schema = DialectSchema()


class Trackers(PackageXView):
    def get(self, request):
        org_id, mode = scope(request)
        return self.page_response(request, services.trackers_for(org_id, mode), render_all=_trackers)

    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, CREATE_KEYS)
        key = request.auth
        # provider_id null (or absent): the provider is detected from the number (as PackageX does).
        creation = services.create_tracker(
            key.organization, key.mode, body.get("tracking_number"), body.get("provider_id")
        )
        return Response({"data": _tracker(creation.tracker)})


class TrackerDetail(PackageXView):
    def _get(self, request, tracker_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, PACKAGEX.ids.parse(tracker_id, "trk", "tracker"))

    def get(self, request, tracker_id: str):
        # The native API's cached document (one small query when nothing changed), translated.
        org_id, mode = scope(request)
        native = tracker_document(org_id, mode, PACKAGEX.ids.parse(tracker_id, "trk", "tracker"))
        return Response({"data": representation.tracker(native)})

    def post(self, request, tracker_id: str):
        # Only metadata can change on a tracker you are not the provider of (PackageX's rule):
        # a key is added or updated, a key set to null is deleted.
        body = json_object(request.data)
        services.refuse_unknown(body, UPDATE_KEYS)
        tracker = services.update_tracker(self._get(request, tracker_id), body)
        return Response({"data": _tracker(tracker)})


class ShipmentDetail(PackageXView):
    # PackageX's shipment is the native shipment already (same fields, `shp_` ids): the answer is
    # the native document in `{"data": …}`, and refusals come in PackageX's error envelope.

    def get(self, request, shipment_id: str):
        org_id, mode = scope(request)
        return Response({"data": shipment_document(org_id, mode, shipment_id)})

    def post(self, request, shipment_id: str):
        key = request.auth
        shipments.update_shipment(key.organization, key.mode, shipment_id, json_object(request.data))
        return Response({"data": fresh_document(key.organization_id, key.mode, shipment_id)})
