"""The dashboard's status overrides page (settings area): list, add or change, delete.

Views authorize and call trackers/overrides.py; another organization's override is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view, manager_required
from core.errors import ServiceError
from trackers import overrides
from trackers.status_overrides.forms import OverrideForm


@dashboard_view
def overrides_page(request, scope: Scope):
    form = OverrideForm(request.POST or None)
    if request.method == "POST":
        manager_required(scope)
        if form.is_valid():
            data = form.cleaned_data
            try:
                overrides.save_override(
                    scope.organization, data["courier"], data["raw_code"], data["status"], data["status_detail"]
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, "Override saved. Later refreshes apply it; renormalize applies it to the past."
                )
                return redirect("dashboard-status-overrides")
    context = {
        "scope": scope,
        "nav": "settings",
        "form": form,
        "overrides": list(overrides.overrides_of(scope.organization)),
    }
    return render(request, "dashboard/status_overrides.html", context)


@require_POST
@dashboard_view
def override_delete(request, scope: Scope, public_id: str):
    manager_required(scope)
    overrides.delete_override(scope.organization, public_id)
    messages.success(request, "Override deleted.")
    return redirect("dashboard-status-overrides")
