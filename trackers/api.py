"""Native API v1 for trackers and couriers: views authorize (the key's organization and mode) and
call trackers.services; responses are built by trackers.representation.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, ErrorSerializer, error_example, errors, ok
from carriers import numbers
from carriers.detection import detect, ranked
from carriers.registry import all_couriers
from carriers.statuses import Status
from core import pagination
from core.errors import invalid
from core.filtering import asks_any
from core.inputs import boolean
from trackers import queries, services, tags
from trackers.api_queries import rendered_tracker_document, tracker_document, tracker_page
from trackers.api_schema import (
    COURIER_LIST,
    CREATE_RESULT,
    DETECT_RESULT,
    TAGS_REQUEST,
    TRACKER,
    TRACKER_EXAMPLE,
    TRACKER_PAGE,
    TRACKER_TAGS,
    DetectSerializer,
    OrderFieldsSerializer,
    TrackerCreateSerializer,
)
from trackers.models import Tracker, public_link_parts
from trackers.representation import tracker_dict, tracker_dicts


def filtered_trackers(request):
    """The caller's trackers narrowed by the documented filters (trackers.queries); bad values are 400s."""
    org_id, mode = scope(request)
    return queries.api_filtered(request.query_params, services.trackers_for(org_id, mode))


LIST_PARAMS = [
    LIMIT_PARAMETER,
    CURSOR_PARAMETER,
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("courier", str),
    OpenApiParameter("tracking_number", str),
    OpenApiParameter("order_id", str),
    OpenApiParameter("tag", str, description="Trackers carrying this tag (exact match)"),
    OpenApiParameter("created_after", OpenApiTypes.DATETIME),
    OpenApiParameter("created_before", OpenApiTypes.DATETIME),
    OpenApiParameter("updated_after", OpenApiTypes.DATETIME),
    OpenApiParameter("created_from", OpenApiTypes.DATE, description="Created on or after this day (UTC)"),
    OpenApiParameter("created_to", OpenApiTypes.DATE, description="Created on or before this day (UTC)"),
    OpenApiParameter("q", str, description="Searches number, order id, title, customer name and email"),
]
LIST_EXAMPLE = {
    "data": [{k: v for k, v in TRACKER_EXAMPLE.items() if k != "events"}],
    "meta": {"limit": 20, "has_more": True, "next_cursor": "WyIyMDI2LTAzLTAxVDE0OjAwOjAwKzAwOjAwIiwgNDJd"},
}
CREATED = {**TRACKER_EXAMPLE, "deduplicated": False, "courier_candidates": []}
SANDBOX_ERROR = {
    "index": 1,
    "tracking_number": "1Z999AA10123456784",
    "error": invalid(
        "not_a_sandbox_number",
        "Test mode accepts sandbox numbers only: PKGX-XXXXXXX-XXXXXXX … or EZ1000000001 … EZ7000000007.",
        "tracking_number",
        status=422,
    ).as_dict(),
}
CREATE_RESPONSES = {
    201: ok(CREATE_RESULT, {"data": [CREATED], "errors": []}, "Every item was created", "All created"),
    207: ok(
        CREATE_RESULT,
        {"data": [CREATED], "errors": [SANDBOX_ERROR]},
        "Some items were created; `errors` says why the others were not",
        "Partial success",
    ),
    422: OpenApiResponse(
        PolymorphicProxySerializer(
            component_name="CreateRefused",
            serializers=[CREATE_RESULT.serializer, ErrorSerializer],
            resource_type_field_name=None,
        ),
        description=(
            "Nothing was created: the per-item result, or the error envelope for a body that is not "
            "1 to 40 objects (code batch_too_large / empty_batch / invalid_body)"
        ),
        examples=[
            OpenApiExample("None created", value={"data": [], "errors": [{**SANDBOX_ERROR, "index": 0}]}),
            error_example("Not a batch", "invalid_body", "Send one tracker object or an array of 1 to 40.", 422),
        ],
    ),
    **errors(400, e400=("Bad parameter", "invalid_parameter", "async must be true or false.", "async")),
}


class TrackerListCreate(NativeView):
    @extend_schema(
        operation_id="trackers_list",
        summary="List trackers, newest first",
        parameters=LIST_PARAMS,
        responses={
            200: ok(TRACKER_PAGE, LIST_EXAMPLE, "A page; events are not included", "A page"),
            **errors(400, e400=("Bad filter", "invalid_limit", "limit must be a whole number from 1 to 100.", "limit")),
        },
    )
    def get(self, request):
        params = request.query_params
        if asks_any(queries.TrackerFilter, params):
            link = public_link_parts(scope(request)[0])  # read once for the page
            return self.page_response(request, filtered_trackers(request), lambda t: tracker_dict(t, link=link))
        # No filter (the usual call): the same keyset page from one prepared statement.
        org_id, mode = scope(request)
        page = tracker_page(org_id, mode, pagination.parse_limit(params.get("limit")), params.get("cursor"))
        return Response(self.dialect.paging.body(tracker_dicts(page.items), page))

    @extend_schema(
        operation_id="trackers_create",
        summary="Create one tracker or up to 40",
        description=(
            "The body is one object or an array of 1 to 40. 201 when all were created, 207 when some, 422 "
            "when none. `courier` is detected when omitted (the response lists the candidates). Live mode "
            "returns the original tracker for the same courier and number within 90 days (`deduplicated`), "
            "with no new charge. `?async=false` asks the carrier before answering, so events are included."
        ),
        parameters=[OpenApiParameter("async", bool, description="false: refresh before answering (default true)")],
        request=TrackerCreateSerializer,
        responses=CREATE_RESPONSES,
        examples=[
            OpenApiExample("One tracker", value={"tracking_number": "PKGX-DDDDDDD-1234567"}, request_only=True),
            OpenApiExample(
                "A batch (an array of 1 to 40)",
                value=[
                    {"tracking_number": "EZ4000000004", "courier": "usps", "order_id": "#0002"},
                    {"tracking_number": "PKGX-AAAAAAA-0000001", "metadata": {"internal_id": "a-1"}},
                ],
                request_only=True,
            ),
        ],
    )
    def post(self, request):
        refresh = not boolean(request.query_params.get("async"), "async", True)
        body = request.data
        if isinstance(body, dict):
            items = [body]
        elif isinstance(body, list):
            items = body
        else:
            raise invalid("invalid_body", "Send one tracker object or an array of 1 to 40.", status=422)
        key = request.auth
        results = services.create_trackers(key.organization, key.mode, items, refresh=refresh)
        created = [r for r in results if r.creation]
        events = services.events_by_tracker([r.creation.tracker.pk for r in created]) if refresh else {}
        data = []
        for r in created:
            tracker = r.creation.tracker
            item = tracker_dict(tracker, events.get(tracker.pk, []) if refresh else None)
            item["deduplicated"] = r.creation.deduplicated
            item["courier_candidates"] = ranked(r.creation.candidates)
            if refresh and tracker.last_error:
                item["refresh_error"] = tracker.last_error
            data.append(item)
        errors = [
            {
                "index": r.index,
                "tracking_number": r.tracking_number,
                "error": r.error.as_dict(),
            }
            for r in results
            if r.error
        ]
        code = status.HTTP_201_CREATED if not errors else (207 if data else 422)
        return Response({"data": data, "errors": errors}, status=code)


def _tracker_response(tracker: Tracker, code: int = 200) -> Response:
    events = list(tracker.events.order_by("-occurred_at", "-id"))
    return Response(tracker_dict(tracker, events), status=code)


class TrackerDetail(NativeView):
    def _get(self, request, public_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, public_id)

    @extend_schema(
        operation_id="trackers_retrieve",
        summary="A tracker with its events (newest first)",
        description="Each event has its UTC time, its local time with offset and its time zone (null when unknown).",
        responses={200: ok(TRACKER, TRACKER_EXAMPLE, name="Tracker"), **errors(404)},
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        renderer = request.accepted_renderer
        if request.accepted_media_type == renderer.media_type:  # plain JSON: the cached bytes as they are
            body = rendered_tracker_document(org_id, mode, public_id, renderer.render)
            return HttpResponse(body, content_type=renderer.media_type)
        return Response(tracker_document(org_id, mode, public_id))

    @extend_schema(
        operation_id="trackers_update",
        summary="Update metadata and order/customer fields, or correct the courier",
        description=(
            "metadata is merged (a key set to null is removed); tracking_number is fixed. `courier` corrects "
            "the courier: the old courier's events stay as superseded history (left out of `events`), status "
            "starts over at unknown, the new courier is asked at once and `tracker.updated` carries the old "
            "courier in previous_attributes. At most CARRIER_CHANGE_LIMIT changes per tracker (default 3); "
            "a courier under which the organization already tracks this number is refused."
        ),
        request=OrderFieldsSerializer,
        responses={
            200: ok(TRACKER, TRACKER_EXAMPLE, name="Tracker"),
            **errors(
                400,
                404,
                409,
                e400=(
                    "Fixed field",
                    "immutable_field",
                    "`tracking_number` cannot be changed; delete the tracker and create a new one.",
                    "tracking_number",
                ),
                e409=(
                    "Too many courier changes",
                    "carrier_change_limit",
                    "This tracker's courier has been changed 3 time(s), the most allowed (3); delete it and create "
                    "a new tracker with the right courier.",
                    "courier",
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Metadata and order fields",
                value={"metadata": {"internal_id": "hello-world", "old_key": None}, "order_id": "#0003"},
                request_only=True,
            ),
            OpenApiExample("Correct the courier", value={"courier": "fedex"}, request_only=True),
        ],
    )
    def patch(self, request, public_id: str):
        if not isinstance(request.data, dict):
            raise invalid("invalid_body", "Send a JSON object with the fields to change.")
        tracker = services.update_tracker(self._get(request, public_id), request.data)
        return _tracker_response(tracker)

    @extend_schema(
        operation_id="trackers_destroy",
        summary="Delete a tracker for good",
        description="Refreshing and webhook deliveries stop; it is 404 afterwards.",
        responses={204: OpenApiResponse(None, description="Deleted"), **errors(404)},
    )
    def delete(self, request, public_id: str):
        services.delete_tracker(self._get(request, public_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TrackerRefresh(NativeView):
    @extend_schema(
        operation_id="trackers_refresh",
        summary="Ask the carrier now (realtime)",
        description="A carrier failure does not fail the request: the tracker answers with its state.",
        request=None,
        responses={200: ok(TRACKER, TRACKER_EXAMPLE, name="Tracker"), **errors(404)},
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        tracker = services.get_tracker(org_id, mode, public_id)
        services.refresh_now(tracker)
        return _tracker_response(tracker)


class TrackerRetrack(NativeView):
    @extend_schema(
        operation_id="trackers_retrack",
        summary="Resume a tracker that stopped (expired or completed)",
        description=(
            "The tracker becomes active and due at once, then follows its cadence. A tracker still refreshing "
            "on its schedule is refused (`tracker_active`)."
        ),
        request=None,
        responses={
            200: ok(TRACKER, TRACKER_EXAMPLE, name="Tracker"),
            **errors(
                400,
                404,
                e400=(
                    "Still refreshing",
                    "tracker_active",
                    "This tracker is active and refreshing on its schedule; only an expired or completed one can "
                    "be retracked.",
                    None,
                ),
            ),
        },
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        tracker = services.reactivate_tracker(services.get_tracker(org_id, mode, public_id))
        return _tracker_response(tracker)


class CourierList(NativeView):
    @extend_schema(
        operation_id="couriers_list",
        summary="Supported couriers",
        responses={200: ok(COURIER_LIST, COURIER_LIST.example, name="List"), **errors()},
    )
    def get(self, request):
        return Response({"data": [c.as_dict() for c in all_couriers()]})


class CourierDetect(NativeView):
    @extend_schema(
        operation_id="couriers_detect",
        summary="Candidate couriers for a tracking number, best first",
        request=DetectSerializer,
        responses={
            200: ok(
                DETECT_RESULT,
                {
                    "tracking_number": "1Z999AA10123456784",
                    "data": [
                        {"rank": 1, "courier": "ups", "name": "UPS", "confidence": 0.95, "check_digit_valid": True}
                    ],
                },
                "Empty `data` when no format matches",
                "Candidates",
            ),
            **errors(
                400,
                e400=("No number", "tracking_number_required", "A tracking number is required.", "tracking_number"),
            ),
        },
        examples=[OpenApiExample("Request", value={"tracking_number": "1Z999AA10123456784"}, request_only=True)],
    )
    def post(self, request):
        raw = request.data.get("tracking_number") if isinstance(request.data, dict) else None
        number = numbers.normalize(raw)
        return Response({"tracking_number": number, "data": ranked(detect(number))})


class TrackerTags(NativeView):
    """A tracker's tags: read them, or replace them with a list (an empty list clears them)."""

    @extend_schema(
        operation_id="trackers_tags_retrieve",
        summary="A tracker's tags",
        responses={200: ok(TRACKER_TAGS, TRACKER_TAGS.example, name="Tags"), **errors(404)},
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        tracker = services.get_tracker(org_id, mode, public_id)
        return Response({"tags": sorted(tags.tags_of(tracker))})

    @extend_schema(
        operation_id="trackers_tags_update",
        summary="Replace a tracker's tags",
        description="At most 50 tags of at most 50 characters; duplicates collapse. Filter lists with `?tag=`.",
        request=TAGS_REQUEST,
        responses={200: ok(TRACKER_TAGS, TRACKER_TAGS.example, name="Tags"), **errors(400, 404)},
    )
    def put(self, request, public_id: str):
        if not isinstance(request.data, dict) or "tags" not in request.data:
            raise invalid("invalid_body", 'Send a JSON object: {"tags": ["vip", "fragile"]}.', "tags")
        org_id, mode = scope(request)
        tracker = services.get_tracker(org_id, mode, public_id)
        return Response({"tags": tags.set_tags(tracker, request.data["tags"])})
