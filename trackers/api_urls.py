"""/api/v1/ routes for trackers and couriers."""

from django.urls import path

from trackers import api

urlpatterns = [
    path("trackers", api.TrackerListCreate.as_view(), name="api-trackers"),
    path("trackers/<str:public_id>", api.TrackerDetail.as_view(), name="api-tracker"),
    path("trackers/<str:public_id>/refresh", api.TrackerRefresh.as_view(), name="api-refresh"),
    path("trackers/<str:public_id>/retrack", api.TrackerRetrack.as_view(), name="api-retrack"),
    path("trackers/<str:public_id>/tags", api.TrackerTags.as_view(), name="api-tracker-tags"),
    path("couriers", api.CourierList.as_view(), name="api-couriers"),
    path("couriers/detect", api.CourierDetect.as_view(), name="api-couriers-detect"),
]
