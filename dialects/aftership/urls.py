from django.urls import path, re_path

from dialects.aftership import AFTERSHIP, BASE, schema, views
from dialects.common import document_view, unknown_path

# No trailing slashes: the SDK calls /tracking/2026-07/trackings/{id}/retrack, … exactly.
urlpatterns = [
    path("trackings", views.Trackings.as_view()),
    path("trackings/<str:tracking_id>", views.TrackingDetail.as_view()),
    path("trackings/<str:tracking_id>/retrack", views.Retrack.as_view()),
    path("trackings/<str:tracking_id>/mark-as-completed", views.MarkCompleted.as_view()),
    path("couriers", views.Couriers.as_view()),
    path("couriers/detect", views.CourierDetect.as_view()),
    # Courier connections and the delivery-date prediction endpoints are not offered here.
    re_path(r"^(courier-connections|estimated-delivery-date)(/.*)?$", views.NotSupported.as_view()),
    path(
        "openapi.json",
        document_view(
            AFTERSHIP, "dialects.aftership.urls", "AfterShip-compatible API", "/" + BASE.rstrip("/"), schema.OPERATIONS
        ),
    ),
    re_path(r"^.*$", unknown_path(AFTERSHIP)),
]
