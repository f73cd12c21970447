import os

from django.contrib import admin
from django.urls import include, path, re_path

from api.errors import json_not_found
from config.errors import public_not_found
from config.health import healthz
from notifications import public as notification_pages
from trackers import public, push_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    *([path("bench/", include("config.bench_urls"))] if os.environ.get("BENCH_ENDPOINTS") == "1" else []),
    path("api/v1/", include("config.api_urls")),
    re_path(r"^api/", json_not_found),
    path("", include("dialects.urls")),  # /easypost/v2, /tracktry/v1, /packy/v1, /packagex/v1, /tracking/2026-07
    path("carriers/push/17track", push_views.seventeentrack, name="push-17track"),
    path("carriers/push/ups", push_views.ups, name="push-ups"),
    path("t/<str:token>/", public.tracker_page, name="public-tracker"),
    path("n/unsubscribe/<str:token>/", notification_pages.unsubscribe, name="notifications-unsubscribe"),
    re_path(r"^(?:t|n)/(?P<rest>.*)$", public_not_found),
    path("", include("config.web_urls")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
