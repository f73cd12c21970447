"""/api/v1/ routes for shipments, locations, layouts, contacts and containers."""

from django.urls import path

from shipments import api

urlpatterns = [
    path("shipments", api.ShipmentListCreate.as_view(), name="api-shipments"),
    path("shipments/<str:public_id>", api.ShipmentDetail.as_view(), name="api-shipment"),
    path("shipments/<str:public_id>/tracking_updates", api.ShipmentHistory.as_view(), name="api-shipment-history"),
    path("shipments/<str:public_id>/logs", api.ShipmentLogs.as_view(), name="api-shipment-logs"),
    path("locations", api.LocationListCreate.as_view(), name="api-locations"),
    path("locations/<str:public_id>", api.LocationDetail.as_view(), name="api-location"),
    path("layouts", api.LayoutListCreate.as_view(), name="api-layouts"),
    path("layouts/<str:public_id>", api.LayoutDetail.as_view(), name="api-layout"),
    path("contacts", api.ContactListCreate.as_view(), name="api-contacts"),
    path("contacts/<str:public_id>", api.ContactDetail.as_view(), name="api-contact"),
    path("containers", api.ContainerListCreate.as_view(), name="api-containers"),
    path("containers/<str:public_id>", api.ContainerDetail.as_view(), name="api-container"),
]
