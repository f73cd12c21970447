"""Every dialect under its own base URL (mounted by one line in config/urls.py).

`mount` also registers the dialect at its base path (api.dialect.serve_at), so every failure under
it is answered in its shape, and the suite fuzzes it against its own OpenAPI document (tests/fuzz).
"""

from django.urls import include, path

from api.dialect import Dialect, serve_at
from dialects.aftership import AFTERSHIP
from dialects.aftership import BASE as AFTERSHIP_BASE
from dialects.easypost import EASYPOST
from dialects.packagex import PACKAGEX
from dialects.packy import PACKY
from dialects.tracktry import TRACKTRY


def mount(base: str, dialect: Dialect, urls: str):
    serve_at(f"/{base}", dialect)
    return path(base, include(urls))


urlpatterns = [
    mount("easypost/v2/", EASYPOST, "dialects.easypost.urls"),
    mount("tracktry/v1/", TRACKTRY, "dialects.tracktry.urls"),
    mount("packy/v1/", PACKY, "dialects.packy.urls"),
    mount("packagex/v1/", PACKAGEX, "dialects.packagex.urls"),
    mount(AFTERSHIP_BASE, AFTERSHIP, "dialects.aftership.urls"),  # at the host's root, as the SDK calls it
]
