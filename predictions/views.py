"""The predictions dashboard page: the backtest's figures, weekly error and coverage, on-time rates.

The view authorizes (accounts.scope) and calls the same functions as `manage.py edd_backtest`, so
the page and the command always agree.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.shortcuts import render
from django.utils.dateparse import parse_date

from accounts.scope import Scope, dashboard_view
from predictions import backtest, chart, store
from predictions.fitting import CALIBRATION_DAYS

KINDS = (("model", "Model"), ("carrier", "Carrier estimate"), ("carrier_median", "Per-carrier median"))


@dashboard_view
def predictions_page(request, scope: Scope):
    organization_id, mode = scope.organization.pk, scope.mode
    history = store.records(organization_id, mode)
    last = history.aggregate(last=Max("shipped_on"))["last"]
    try:
        split = parse_date(request.GET.get("split", "")) if request.GET.get("split") else None
    except ValueError:
        split = None
    if split is None and last is not None:
        split = last - timedelta(days=CALIBRATION_DAYS)
    result = backtest.cached_run(organization_id, mode, split) if split is not None else None
    context = {
        "scope": scope,
        "nav": "predictions",
        "split": split,
        "state": store.state(organization_id, mode),
        "result": result,
        "rows": [(label, result[kind]) for kind, label in KINDS] if result else [],
        "lanes": [
            (lane["lane"], [(label, lane[kind]) for kind, label in KINDS]) for lane in (result or {}).get("lanes", [])
        ][:30],
        "chart": chart.weekly(result["weeks"]) if result else None,
        "on_time_backtest": sorted((result or {}).get("on_time", {}).items()),
        "on_time_shown": backtest.on_time_shown(organization_id, mode),
    }
    return render(request, "dashboard/predictions.html", context)
