from django.urls import path, re_path

from dialects.common import document_view, unknown_path
from dialects.easypost import EASYPOST, schema, views

# No trailing slashes: the official client calls /trackers, /trackers/{id}, … exactly.
urlpatterns = [
    path("trackers", views.Trackers.as_view()),
    path("trackers/batch", views.TrackerBatch.as_view()),
    path("trackers/<str:tracker_id>", views.TrackerDetail.as_view()),
    path("webhooks", views.Webhooks.as_view()),
    path("webhooks/<str:hook_id>", views.WebhookDetail.as_view()),
    path("events", views.Events.as_view()),
    path("events/<str:event_id>", views.EventDetail.as_view()),
    path(
        "openapi.json",
        document_view(EASYPOST, "dialects.easypost.urls", "EasyPost-compatible API", "/easypost/v2", schema.OPERATIONS),
    ),
    re_path(r"^.*$", unknown_path(EASYPOST)),
]
