"""/api/v1/ routes: usage, events, and the OpenAPI schema with its interactive docs (served offline)."""

from django.urls import path

from api import views as api

urlpatterns = [
    path("usage", api.Usage.as_view(), name="api-usage"),
    path("events", api.EventList.as_view(), name="api-events"),
    path("events/<str:public_id>", api.EventDetail.as_view(), name="api-event"),
    path("schema/", api.PublicSchema.as_view(), name="api-schema"),
    path("docs/", api.PublicDocs.as_view(url_name="api-schema"), name="api-docs"),
]
