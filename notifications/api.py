"""Native API: what a tracker's recipient was sent (GET /api/v1/trackers/{id}/notifications).

The view authorizes (the key's organization and mode, so another organization's tracker is a 404)
and calls the services; recipients are masked here as everywhere.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema

from api.authentication import scope
from api.dialect import NativeView
from api.schema import errors, ok
from api.shapes import Choice, Shape, page_of
from notifications import services
from notifications.milestones import Milestone
from notifications.models import Channel, NotificationStatus
from notifications.representation import notification_dict
from trackers.services import get_tracker

NOTIFICATION = Shape(
    "Notification",
    {
        "id": ("str", "ntf_…", "ntf_4Hq8ZbA1sXw4YpLm2Nc7RvEk"),
        "object": ("str", "", "notification"),
        "tracker": ("str", "trk_…", "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC"),
        "channel": (Choice(tuple(Channel.values)), "", "email"),
        "milestone": (Choice(tuple(Milestone.values)), "", "out_for_delivery"),
        "milestone_key": ("str", "", "out_for_delivery"),
        "language": ("str", "", "en"),
        "recipient": ("str", "Masked", "k•••@example.com"),
        "status": ("str", "One of: " + ", ".join(NotificationStatus.values), "sent"),
        "attempts": ("int", "", 1),
        "next_attempt_at": ("datetime?", "", None),
        "last_error": ("str?", "", None),
        "event": ("str?", "evt_… that reached it", "evt_3kTq9ZbA1sXw4YpLm2Nc7RvE"),
        "created_at": ("datetime", "", "2026-03-01T12:01:00Z"),
        "sent_at": ("datetime?", "", "2026-03-01T12:01:02Z"),
    },
)


class TrackerNotifications(NativeView):
    @extend_schema(
        operation_id="trackers_notifications_list",
        summary="List a tracker's notifications",
        description=(
            "Emails and text messages to the tracker's recipient, newest first: one per milestone and channel, "
            "with the outcome (pending, sending, sent, failed, skipped), attempts and the last error. "
            "Recipients are masked."
        ),
        parameters=[
            OpenApiParameter("limit", int, description="1 to 100 (default 20)"),
            OpenApiParameter("cursor", str, description="`next_cursor` of the previous page"),
        ],
        responses={
            200: ok(
                page_of(NOTIFICATION),
                {"data": [NOTIFICATION.example], "meta": {"limit": 20, "has_more": False, "next_cursor": None}},
                name="A page",
            ),
            **errors(404, e404=("Not found", "not_found", "No such tracker.", None)),
        },
        tags=["trackers"],
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        tracker = get_tracker(org_id, mode, public_id)
        return self.page_response(request, services.log_for(tracker), lambda n: notification_dict(n, tracker.public_id))
