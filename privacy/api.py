"""Native API v1 for personal data: export or erase everything held about one email or phone.

Both act on the key's organization (both modes: a person is the same person in test and live);
both are audited with the calling key's name. Erasing keeps the tracking history and blanks the
person's name, email, phone and street address (privacy.subjects).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response

from accounts.models import Organization
from api.dialect import NativeView
from api.schema import errors, ok
from api.shapes import Field, Shape
from core.errors import invalid
from privacy import services

SUBJECT_IN = Shape(
    "PersonalDataSubject",
    {
        "email": Field("str", optional=True, example="karen@example.com"),
        "phone": Field("str", optional=True, example="+14155552671"),
    },
)
EXPORTED_TRACKER = Shape(
    "PersonalDataTracker",
    {
        "id": ("str", "trk_…", "trk_8Yk2xQm4Lp0RaWc7Tb3NvZsE"),
        "mode": ("str", "", "live"),
        "tracking_number": ("str", "", "9400111899223197428490"),
        "courier": ("str", "", "usps"),
        "status": ("str", "", "delivered"),
        "customer_name": ("str", "", "Karen Ng"),
        "customer_email": ("str", "", "karen@example.com"),
        "customer_phone": ("str", "", "+14155552671"),
        "destination_country": ("str", "", "US"),
        "destination_postal_code": ("str", "", "94107"),
        "order_id": ("str", "", "1001"),
        "created_at": ("datetime", "", "2026-03-01T12:00:00Z"),
    },
)
EXPORTED_NOTIFICATION = Shape(
    "PersonalDataNotification",
    {
        "id": ("str", "ntf_…", "ntf_2Lp0RaWc7Tb3NvZsE8Yk2xQm"),
        "tracker": ("str", "trk_…", "trk_8Yk2xQm4Lp0RaWc7Tb3NvZsE"),
        "channel": ("str", "", "email"),
        "recipient": ("str", "", "karen@example.com"),
        "milestone": ("str", "", "delivered"),
        "status": ("str", "", "sent"),
        "created_at": ("datetime", "", "2026-03-02T09:00:00Z"),
        "sent_at": ("datetime?", "", "2026-03-02T09:00:01Z"),
    },
)
EXPORTED_SHIPMENT = Shape(
    "PersonalDataShipment",
    {
        "id": ("str", "shp_…", "shp_7Tb3NvZsE8Yk2xQm4Lp0RaWc"),
        "mode": ("str", "", "live"),
        "recipient_address": Field("object", example={"name": "Karen Ng", "city": "Berlin", "country": "DE"}),
        "created_at": ("datetime", "", "2026-03-01T12:00:00Z"),
    },
)
PERSONAL_DATA = Shape(
    "PersonalData",
    {
        "object": ("str", "", "personal_data"),
        "subject": Shape(
            "PersonalDataSubjectOut", {"email": ("str?", "", "karen@example.com"), "phone": ("str?", "", None)}
        ),
        "exported_at": ("datetime", "", "2026-03-05T10:00:00Z"),
        "trackers": [EXPORTED_TRACKER],
        "notifications": [EXPORTED_NOTIFICATION],
        "shipments": [EXPORTED_SHIPMENT],
    },
)
ERASURE = Shape(
    "Erasure",
    {
        "object": ("str", "", "erasure"),
        "trackers": ("int", "Trackers whose recipient fields were blanked", 2),
        "events": ("int", "Outbox events (webhook bodies) scrubbed", 9),
        "notifications": ("int", "Notification log rows whose recipient was erased", 3),
        "shipments": ("int", "Shipments whose recipient address was scrubbed", 0),
    },
)
BAD_SUBJECT = ("Neither or both", "invalid_subject", "Send exactly one of `email` or `phone`.", "email")


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise invalid("invalid_body", "Send a JSON object with `email` or `phone`.")
    return request.data


def _caller(request) -> tuple[Organization, str]:
    key = request.auth
    return Organization.objects.get(pk=key.organization_id), f"API key {key.prefix}…"


class PersonalDataExport(NativeView):
    @extend_schema(
        operation_id="personal_data_export",
        summary="Export everything held about one person",
        description="Trackers, notifications and shipments of this key's organization (both modes) that name the "
        "email address or phone number (E.164). Audited.",
        request=SUBJECT_IN.serializer,
        responses={200: ok(PERSONAL_DATA, PERSONAL_DATA.example, name="Export"), **errors(400, e400=BAD_SUBJECT)},
        examples=[OpenApiExample("By email", value={"email": "karen@example.com"}, request_only=True)],
    )
    def post(self, request):
        organization, source = _caller(request)
        body = _body(request)
        return Response(services.export_subject(organization, body.get("email"), body.get("phone"), "api", source))


class PersonalDataErase(NativeView):
    @extend_schema(
        operation_id="personal_data_erase",
        summary="Erase one person's data",
        description="Blanks the person's name, email, phone and street address on trackers, their webhook event "
        "bodies, the notification log and shipments of this key's organization (both modes); the tracking history "
        "stays. Irreversible; audited.",
        request=SUBJECT_IN.serializer,
        responses={200: ok(ERASURE, ERASURE.example, name="Erased"), **errors(400, e400=BAD_SUBJECT)},
        examples=[OpenApiExample("By phone", value={"phone": "+14155552671"}, request_only=True)],
    )
    def post(self, request):
        organization, source = _caller(request)
        body = _body(request)
        return Response(services.erase_subject(organization, body.get("email"), body.get("phone"), "api", source))
