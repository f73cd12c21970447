"""Dashboard pages for the organization itself: switching, API keys, settings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import scope as scopes
from accounts import services
from accounts.forms import ApiKeyForm, OrganizationSettingsForm
from accounts.models import ApiKey
from accounts.scope import Scope, dashboard_view, manager_required
from core.errors import ServiceError


def _back(request, default: str = "dashboard-home"):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@require_POST
@dashboard_view
def switch(request, scope: Scope):
    """Change the organization (only one the user is a member of) and/or the mode."""
    ok = scopes.select(request, slug=request.POST.get("org") or None, mode=request.POST.get("mode") or None)
    if not ok:
        messages.error(request, "You are not a member of that organization.")
        return redirect("dashboard-home")
    # A detail page of the other mode or organization would be a 404: go to its list instead.
    target = request.POST.get("next") or ""
    if "/dashboard/trackers/trk_" in target or "/dashboard/imports/" in target or "/dashboard/webhooks/whk_" in target:
        return redirect("dashboard-home")
    return _back(request)


def _keys(scope: Scope):
    return ApiKey.objects.filter(organization=scope.organization).order_by("revoked_at", "-created_at")


@dashboard_view
def api_keys(request, scope: Scope):
    form = ApiKeyForm(request.POST or None, initial={"mode": scope.mode})
    new_key = None
    if request.method == "POST":
        manager_required(scope)
        if form.is_valid():
            try:
                new_key = services.create_api_key(
                    scope.organization, form.cleaned_data["mode"], form.cleaned_data["name"]
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                form = ApiKeyForm(initial={"mode": scope.mode})
    context = {"scope": scope, "nav": "keys", "form": form, "keys": _keys(scope), "new_key": new_key}
    # The raw key is in this response only: never cached, never stored.
    response = render(request, "dashboard/api_keys.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@dashboard_view
def api_key_revoke(request, scope: Scope, public_id: str):
    manager_required(scope)
    key = ApiKey.objects.filter(organization=scope.organization, public_id=public_id).first()
    if key is None:
        raise ServiceError("not_found", "No such API key.", 404)
    services.revoke_api_key(key)
    messages.success(request, f"Key {key.prefix}… revoked; requests with it now get 401.")
    return redirect("dashboard-keys")


@dashboard_view
def org_settings(request, scope: Scope):
    form = OrganizationSettingsForm(request.POST or None, organization=scope.organization)
    if request.method == "POST":
        manager_required(scope)
        if form.is_valid():
            try:
                services.update_settings(scope.organization, form.cleaned_data)
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, "Settings saved.")
                return redirect("dashboard-settings")
    return render(request, "dashboard/settings.html", {"scope": scope, "nav": "settings", "form": form})
