"""PackageX's tracker endpoints (seed 000): translations onto trackers.services."""

from __future__ import annotations

from rest_framework.response import Response

from api.authentication import scope
from api.dialect import DialectView
from api.paging import PageNumberPaging
from dialects.common import DialectSchema, json_object
from dialects.packagex import PACKAGEX, representation
from trackers import services
from trackers.api_queries import tracker_document
from trackers.models import Tracker
from trackers.representation import tracker_dict

PAGING = PageNumberPaging()
CREATE_KEYS = frozenset({"tracking_number", "provider_id"})
UPDATE_KEYS = frozenset({"metadata"})


def _tracker(tracker: Tracker) -> dict:
    events = services.events_by_tracker([tracker.pk]).get(tracker.pk, [])
    return representation.tracker(tracker_dict(tracker, events))


class PackageXView(DialectView):
    dialect = PACKAGEX
    schema = DialectSchema()


class Trackers(PackageXView):
    def get(self, request):
        org_id, mode = scope(request)
        page = PAGING.page(services.trackers_for(org_id, mode), request.query_params)
        body = PAGING.body([representation.tracker(tracker_dict(t)) for t in page.items], page)
        return Response({"data": body["data"], "pagination": body["meta"]})

    def post(self, request):
        body = json_object(request.data)
        services.refuse_unknown(body, CREATE_KEYS)
        key = request.auth
        # provider_id null (or absent): the provider is detected from the number (seed 000).
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
        # Only metadata can change on a tracker you are not the provider of (seed 000):
        # a key is added or updated, a key set to null is deleted.
        body = json_object(request.data)
        services.refuse_unknown(body, UPDATE_KEYS)
        tracker = services.update_tracker(self._get(request, tracker_id), body)
        return Response({"data": _tracker(tracker)})
