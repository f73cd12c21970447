"""GET /healthz: the database answers and the task queue's broker is reachable."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_queue() -> dict:
    from django_q.brokers import get_broker
    from django_q.models import Schedule

    from trackers.schedule import SCHEDULE_NAME

    broker = get_broker()
    if not broker.ping():
        raise RuntimeError("broker did not answer")
    schedule = Schedule.objects.filter(name=SCHEDULE_NAME).values("next_run").first()
    late = bool(schedule and schedule["next_run"] and schedule["next_run"] < timezone.now() - timedelta(minutes=5))
    return {
        "broker": broker.__class__.__name__,
        "queued": broker.queue_size(),
        "refresh_schedule": "missing" if schedule is None else ("late" if late else "ok"),
    }


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict = {}
    healthy = True
    for name, check in (("database", check_database), ("queue", check_queue)):
        try:
            checks[name] = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            checks[name] = f"error: {exc.__class__.__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
