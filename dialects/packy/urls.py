from django.urls import path, re_path

from dialects.common import document_view, unknown_path
from dialects.packy import PACKY, schema, views

urlpatterns = [
    path("trackings", views.Trackings.as_view()),
    path("trackings/<str:tracking_id>", views.TrackingDetail.as_view()),
    path("couriers", views.Couriers.as_view()),
    path("couriers/detect", views.CourierDetect.as_view()),
    path("webhooks", views.Webhooks.as_view()),
    path("webhooks/<str:webhook_id>", views.WebhookDetail.as_view()),
    path(
        "openapi.json",
        document_view(PACKY, "dialects.packy.urls", "Packy-compatible API", "/packy/v1", schema.OPERATIONS),
    ),
    re_path(r"^.*$", unknown_path(PACKY)),
]
