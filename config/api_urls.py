"""/api/v1/: each app contributes its own API urls."""

from django.urls import include, path

urlpatterns = [
    path("", include("trackers.api_urls")),
    path("", include("webhooks.api_urls")),
    path("", include("webhooks.delivery_api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("shipments.api_urls")),
    path("", include("privacy.api_urls")),
    path("", include("api.urls")),
]
