"""Notification routes under /api/v1/."""

from django.urls import path

from notifications import api as views

urlpatterns = [
    path(
        "trackers/<str:public_id>/notifications", views.TrackerNotifications.as_view(), name="api-tracker-notifications"
    ),
]
