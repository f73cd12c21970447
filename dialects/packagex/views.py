"""PackageX's tracker endpoints, shipment update and container update: translations onto
trackers.services and shipments.services."""

from __future__ import annotations

from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from core.errors import invalid
from dialects.common import DialectSchema, json_object
from dialects.packagex import PACKAGEX, representation
from shipments import parts
from shipments import services as shipments
from shipments.api_queries import fresh_document, shipment_document
from shipments.containers import update_container
from shipments.representation import container_dict
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dict, tracker_dicts

CREATE_KEYS = frozenset({"tracking_number", "provider_id", "metadata"})
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
        fields = {"metadata": body["metadata"]} if "metadata" in body else None
        creation = services.create_tracker(
            key.organization, key.mode, body.get("tracking_number"), body.get("provider_id"), fields
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
        return Response({"data": representation.shipment(shipment_document(org_id, mode, shipment_id))})

    def post(self, request, shipment_id: str):
        key = request.auth
        shipments.update_shipment(key.organization, key.mode, shipment_id, json_object(request.data))
        return Response({"data": representation.shipment(fresh_document(key.organization_id, key.mode, shipment_id))})


class ContainerDetail(PackageXView):
    # "Update the container directly", as PackageX's shipment refusal says: its status and location
    # reach every shipment in it through the shipments service's container door. The body is the
    # container's fields, or a shipment-style `tracking_update` holding the move.

    def get(self, request, container_id: str):
        org_id, mode = scope(request)
        return Response({"data": container_dict(parts.get(parts.CONTAINER, org_id, mode, container_id))})

    def post(self, request, container_id: str):
        key = request.auth
        changes = json_object(request.data)
        move = changes.pop("tracking_update", None)
        if move is not None:
            move = json_object(move, "tracking_update")
            move.pop("container_id", None)  # the container is the one in the path
            clash = sorted(set(move) & set(changes))
            if clash:
                raise invalid("duplicate_field", f"Send {', '.join(clash)} once: in tracking_update or beside it.")
            changes.update(move)
        container = update_container(key.organization, key.mode, container_id, changes)
        return Response({"data": container_dict(container)})
