"""Every dialect under its own base URL (mounted by one line in config/urls.py)."""

from django.urls import include, path

from dialects.aftership import BASE as AFTERSHIP_BASE

urlpatterns = [
    path("easypost/v2/", include("dialects.easypost.urls")),
    path("tracktry/v1/", include("dialects.tracktry.urls")),
    path("packy/v1/", include("dialects.packy.urls")),
    path("packagex/v1/", include("dialects.packagex.urls")),
    path(AFTERSHIP_BASE, include("dialects.aftership.urls")),  # at the host's root, as the SDK calls it
]
