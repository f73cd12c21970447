"""The project's URLs plus a plain Django view under /api/ that fails: exercises handler500."""

from django.urls import path

from config.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("a failure outside DRF")


urlpatterns = [path("api/v1/boom", boom), *project_urls]
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
