from django.urls import path, re_path

from dialects.common import document_view, unknown_path
from dialects.packagex import PACKAGEX, schema, views

urlpatterns = [
    path("trackers", views.Trackers.as_view()),
    path("trackers/<str:tracker_id>", views.TrackerDetail.as_view()),
    path("shipments/<str:shipment_id>", views.ShipmentDetail.as_view()),
    path("containers/<str:container_id>", views.ContainerDetail.as_view()),
    path(
        "openapi.json",
        document_view(PACKAGEX, "dialects.packagex.urls", "PackageX-compatible API", "/packagex/v1", schema.OPERATIONS),
    ),
    re_path(r"^.*$", unknown_path(PACKAGEX)),
]
