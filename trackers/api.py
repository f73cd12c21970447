"""Native API v1 for trackers and couriers: views authorize (the key's organization and mode) and
call trackers.services; responses are built by trackers.representation.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time

from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import scope
from accounts.errors import invalid
from accounts.pagination import paginate, parse_limit
from trackers import numbers, services
from trackers.couriers.detection import detect
from trackers.couriers.registry import all_couriers
from trackers.models import Tracker, TrackingEvent
from trackers.representation import tracker_dict
from trackers.serializers import (
    NOT_FOUND,
    TRACKER_EXAMPLE,
    UNAUTHORIZED,
    DetectSerializer,
    OrderFieldsSerializer,
    TrackerCreateSerializer,
    error_example,
)
from trackers.statuses import Status

TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def _bool_param(request, name: str, default: bool) -> bool:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise invalid("invalid_parameter", f"{name} must be true or false.", name)


def _datetime_param(request, name: str):
    value = request.query_params.get(name)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None and (day := parse_date(value)):
        parsed = datetime.combine(day, time.min, tzinfo=UTC)
    if parsed is None:
        raise invalid("invalid_parameter", f"{name} must be an ISO 8601 date or date-time.", name)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _events_by_tracker(ids: list[int]) -> dict[int, list[TrackingEvent]]:
    """Every event of these trackers in one query, newest first."""
    grouped: dict[int, list[TrackingEvent]] = defaultdict(list)
    for event in TrackingEvent.objects.filter(tracker_id__in=ids).order_by("-occurred_at", "-id"):
        grouped[event.tracker_id].append(event)
    return grouped


def filtered_trackers(request):
    """The caller's trackers narrowed by the documented filters; bad values are 400s."""
    org_id, mode = scope(request)
    qs = services.trackers_for(org_id, mode)
    params = request.query_params
    if value := params.get("status"):
        if value not in Status.values:
            raise invalid("invalid_parameter", f"status must be one of: {', '.join(Status.values)}.", "status")
        qs = qs.filter(status=value)
    if value := params.get("courier"):
        qs = qs.filter(courier=value.strip().lower())
    if value := params.get("tracking_number"):
        qs = qs.filter(tracking_number="".join(value.split()).upper())
    if value := params.get("order_id"):
        qs = qs.filter(order_id=value)
    for name, lookup in (("created_after", "created_at__gte"), ("created_before", "created_at__lt")):
        if (when := _datetime_param(request, name)) is not None:
            qs = qs.filter(**{lookup: when})
    if (when := _datetime_param(request, "updated_after")) is not None:
        qs = qs.filter(updated_at__gte=when)
    if value := params.get("q", "").strip()[:100]:
        qs = qs.filter(
            Q(tracking_number__icontains=value)
            | Q(order_id__icontains=value)
            | Q(title__icontains=value)
            | Q(customer_name__icontains=value)
            | Q(customer_email__icontains=value)
        )
    return qs


LIST_PARAMS = [
    OpenApiParameter("limit", int, description="1 to 100, default 20"),
    OpenApiParameter("cursor", str, description="next_cursor of the previous page"),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("courier", str),
    OpenApiParameter("tracking_number", str),
    OpenApiParameter("order_id", str),
    OpenApiParameter("created_after", OpenApiTypes.DATETIME),
    OpenApiParameter("created_before", OpenApiTypes.DATETIME),
    OpenApiParameter("updated_after", OpenApiTypes.DATETIME),
    OpenApiParameter("q", str, description="Searches number, order id, title, customer name and email"),
]
LIST_EXAMPLE = OpenApiExample(
    "A page",
    value={
        "data": [{k: v for k, v in TRACKER_EXAMPLE.items() if k != "events"}],
        "meta": {"limit": 20, "has_more": True, "next_cursor": "WyIyMDI2LTAzLTAxVDE0OjAwOjAwKzAwOjAwIiwgNDJd"},
    },
    response_only=True,
)
CREATE_RESPONSE = {
    "data": [{**TRACKER_EXAMPLE, "deduplicated": False, "courier_candidates": []}],
    "errors": [
        {
            "index": 1,
            "tracking_number": "1Z999AA10123456784",
            "error": {"code": "not_a_sandbox_number", "message": "Test mode accepts sandbox numbers only: …"},
        }
    ],
}


class TrackerListCreate(APIView):
    @extend_schema(
        operation_id="trackers_list",
        summary="List trackers, newest first",
        parameters=LIST_PARAMS,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[LIST_EXAMPLE]), 401: OpenApiTypes.OBJECT},
        examples=[UNAUTHORIZED],
    )
    def get(self, request):
        page = paginate(
            filtered_trackers(request),
            parse_limit(request.query_params.get("limit")),
            request.query_params.get("cursor"),
        )
        return Response({"data": [tracker_dict(t) for t in page.items], "meta": page.meta()})

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
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description="All created"),
            207: OpenApiResponse(OpenApiTypes.OBJECT, description="Some created"),
            422: OpenApiResponse(OpenApiTypes.OBJECT, description="None created"),
        },
        examples=[
            OpenApiExample("One tracker", value={"tracking_number": "PKGX-DDDDDDD-1234567"}, request_only=True),
            OpenApiExample(
                "A batch",
                value=[{"tracking_number": "EZ4000000004", "courier": "usps", "order_id": "#0002"}],
                request_only=True,
            ),
            OpenApiExample("Partial success (207)", value=CREATE_RESPONSE, response_only=True, status_codes=["207"]),
            error_example("Too many", "batch_too_large", "At most 40 trackers per request; got 41.", 422),
        ],
    )
    def post(self, request):
        refresh = not _bool_param(request, "async", True)
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
        events = _events_by_tracker([r.creation.tracker.pk for r in created]) if refresh else {}
        data = []
        for r in created:
            tracker = r.creation.tracker
            item = tracker_dict(tracker, events.get(tracker.pk, []) if refresh else None)
            item["deduplicated"] = r.creation.deduplicated
            item["courier_candidates"] = [c.as_dict() for c in r.creation.candidates]
            if refresh and tracker.last_error:
                item["refresh_error"] = tracker.last_error
            data.append(item)
        errors = [
            {
                "index": r.index,
                "tracking_number": r.tracking_number,
                "error": {"code": r.error.code, "message": r.error.message, "status": r.error.status},
            }
            for r in results
            if r.error
        ]
        code = status.HTTP_201_CREATED if not errors else (207 if data else 422)
        return Response({"data": data, "errors": errors}, status=code)


def _tracker_response(tracker: Tracker, code: int = 200) -> Response:
    events = list(tracker.events.order_by("-occurred_at", "-id"))
    return Response(tracker_dict(tracker, events), status=code)


class TrackerDetail(APIView):
    def _get(self, request, public_id: str) -> Tracker:
        org_id, mode = scope(request)
        return services.get_tracker(org_id, mode, public_id)

    @extend_schema(
        operation_id="trackers_retrieve",
        summary="A tracker with its events (newest first)",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("Tracker", TRACKER_EXAMPLE)])},
        examples=[NOT_FOUND],
    )
    def get(self, request, public_id: str):
        return _tracker_response(self._get(request, public_id))

    @extend_schema(
        operation_id="trackers_update",
        summary="Update metadata and order/customer fields",
        description="metadata is merged (a key set to null is removed). tracking_number and courier are fixed.",
        request=OrderFieldsSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample("Metadata", value={"metadata": {"internal_id": "hello-world", "old": None}}),
            error_example("Fixed field", "immutable_field", "courier cannot be changed; …", 400, "courier"),
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
        responses={204: None, 404: OpenApiTypes.OBJECT},
        examples=[NOT_FOUND],
    )
    def delete(self, request, public_id: str):
        services.delete_tracker(self._get(request, public_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TrackerRefresh(APIView):
    @extend_schema(
        operation_id="trackers_refresh",
        summary="Ask the carrier now (realtime)",
        request=None,
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
        examples=[NOT_FOUND],
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        tracker = services.get_tracker(org_id, mode, public_id)
        services.refresh_now(tracker)
        return _tracker_response(tracker)


COURIER_EXAMPLE = {
    "code": "usps",
    "name": "USPS",
    "website": "https://www.usps.com",
    "tracking_url_template": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    "adapter_configured": False,
}


class CourierList(APIView):
    @extend_schema(
        operation_id="couriers_list",
        summary="Supported couriers",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("List", {"data": [COURIER_EXAMPLE]})])
        },
    )
    def get(self, request):
        return Response({"data": [c.as_dict() for c in all_couriers()]})


class CourierDetect(APIView):
    @extend_schema(
        operation_id="couriers_detect",
        summary="Candidate couriers for a tracking number, best first",
        request=DetectSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample("Request", value={"tracking_number": "1Z999AA10123456784"}, request_only=True),
            OpenApiExample(
                "Candidates",
                value={
                    "tracking_number": "1Z999AA10123456784",
                    "data": [{"courier": "ups", "name": "UPS", "confidence": 0.95, "check_digit_valid": True}],
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request):
        raw = request.data.get("tracking_number") if isinstance(request.data, dict) else None
        number = numbers.normalize(raw)
        return Response({"tracking_number": number, "data": [c.as_dict() for c in detect(number)]})
