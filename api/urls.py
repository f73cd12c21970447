"""/api/v1/ routes: usage, and the OpenAPI schema with its interactive docs (served offline)."""

from django.urls import path

from api import views as api

urlpatterns = [
    path("usage", api.Usage.as_view(), name="api-usage"),
    path("schema/", api.PublicSchema.as_view(), name="api-schema"),
    path("docs/", api.PublicDocs.as_view(url_name="api-schema"), name="api-docs"),
]
