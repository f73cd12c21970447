"""A dialect that exists only for the tests: proof that the seam lets a dialect be thin.

It reads its key from `X-Toy-Key`, writes errors as {"ok": false, "reason", "detail", "fields"},
pages by page number, and writes tracker ids as `T-…` instead of `trk_…`. Its views only
translate onto trackers.services; nothing here knows a rule.
"""

from __future__ import annotations

from django.urls import include, path
from rest_framework.response import Response

from api.authentication import HeaderKeyAuthentication, scope
from api.dialect import Dialect, DialectView, IdFormat
from api.paging import PageNumberPaging
from core.errors import ServiceError
from trackers import services
from trackers.models import Tracker


def toy_error(error: ServiceError) -> dict:
    return {"ok": False, "reason": error.code, "detail": error.message, "fields": [e.field for e in error.errors]}


TOY = Dialect(
    name="toy",
    authenticators=lambda: [HeaderKeyAuthentication("X-Toy-Key")],
    render_error=toy_error,
    missing_key_message="Send X-Toy-Key.",
    auth_header='X-Toy-Key realm="toy"',
    paging=PageNumberPaging(default_limit=2, max_limit=5),
    ids=IdFormat({"trk": "T-"}),
)


def toy_tracker(tracker: Tracker) -> dict:
    return {"id": TOY.ids.out(tracker.public_id), "number": tracker.tracking_number, "state": tracker.status}


class Parcels(DialectView):
    dialect = TOY

    def get(self, request):
        org_id, mode = scope(request)
        return self.page_response(request, services.trackers_for(org_id, mode), toy_tracker)

    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        key = request.auth
        creation = services.create_tracker(key.organization, key.mode, body.get("number"), body.get("carrier"))
        return Response(toy_tracker(creation.tracker), status=201)


class Parcel(DialectView):
    dialect = TOY

    def get(self, request, toy_id: str):
        org_id, mode = scope(request)
        public_id = TOY.ids.parse(toy_id, "trk", "tracker")
        return Response(toy_tracker(services.get_tracker(org_id, mode, public_id)))


urlpatterns = [
    path("toy/parcels", Parcels.as_view()),
    path("toy/parcels/<str:toy_id>", Parcel.as_view()),
    path("", include("config.urls")),  # the rest of the site (public pages for tracker links)
]
