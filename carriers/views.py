"""Dashboard page listing the couriers and how this installation reaches each.

Which couriers can be refreshed depends on the server's environment (carrier credentials, the
aggregator's key), not on the organization, so the page is the same for every member.
"""

from __future__ import annotations

from django.shortcuts import render

from accounts.scope import Scope, dashboard_view
from carriers import health, seventeentrack
from carriers.registry import AGGREGATOR, all_couriers


@dashboard_view
def courier_list(request, scope: Scope):
    query = (request.GET.get("q") or "").strip().lower()
    rows = [
        (courier, courier.through)
        for courier in all_couriers()
        if courier.code != "sandbox" and (not query or query in courier.name.lower() or query in courier.code)
    ]
    refused = health.refusals([courier.code for courier, _through in rows])
    context = {
        "refused": [(courier, *refused[courier.code]) for courier, _through in rows if courier.code in refused],
        "scope": scope,
        "nav": "couriers",
        "rows": rows,
        "query": query,
        "aggregator": seventeentrack.CARRIER,
        "direct": [c for c, through in rows if through == "direct"],
        "aggregated": sum(1 for _c, through in rows if through == AGGREGATOR),
        "unreachable": sum(1 for _c, through in rows if through is None),
    }
    return render(request, "dashboard/couriers.html", context)
