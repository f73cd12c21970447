"""Benchmark baselines, mounted only when BENCH_ENDPOINTS=1 (bench/api.py sets it for its server)."""

from django.http import JsonResponse
from django.urls import path


def bare(request):
    """A bare Django JSON view: the same server and middleware as the API, no auth, no query."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bare", bare)]
