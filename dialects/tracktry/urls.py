from django.urls import path, re_path

from dialects.common import document_view, unknown_path
from dialects.tracktry import TRACKTRY, schema, views

urlpatterns = [
    path("trackings/post", views.TrackingCreate.as_view()),
    path("trackings/batch", views.TrackingBatch.as_view()),
    path("trackings/get", views.TrackingList.as_view()),
    path("trackings/realtime", views.TrackingRealtime.as_view()),
    path("trackings/<str:carrier_code>/<str:tracking_number>", views.TrackingDetail.as_view()),
    path("carriers", views.CarrierList.as_view()),
    path("carriers/detect", views.CarrierDetect.as_view()),
    path(
        "openapi.json",
        document_view(TRACKTRY, "dialects.tracktry.urls", "Tracktry-compatible API", "/tracktry/v1", schema.OPERATIONS),
    ),
    re_path(r"^.*$", unknown_path(TRACKTRY)),
]
