"""Dashboard pages for webhooks: subscriptions and the delivery log.

The rules (https only, URL guard, secrets, event types, retries, test sends) live in
webhooks.subscriptions and webhooks.services; these views authorize through the dashboard scope,
translate the form, call them and show a ServiceError's message.
"""

from __future__ import annotations

import functools
import importlib

from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.errors import ServiceError
from accounts.scope import Scope, dashboard_view
from webhooks.forms import SubscriptionForm

DELIVERY_PAGE = 100


def _module(name: str):
    """webhooks.subscriptions / webhooks.services, or None while they are not installed."""
    try:
        return importlib.import_module(f"webhooks.{name}")
    except ImportError:
        return None


def needs_services(view):
    """Render a notice instead of failing when the webhook services are missing from this build."""

    @functools.wraps(view)
    def wrapper(request, scope: Scope, *args, **kwargs):
        subs, svc = _module("subscriptions"), _module("services")
        if subs is None or svc is None:
            context = {"scope": scope, "nav": "webhooks", "unavailable": True, "subscriptions": []}
            return render(request, "dashboard/webhooks.html", context, status=503)
        return view(request, scope, subs, svc, *args, **kwargs)

    return wrapper


def _delivery_model():
    try:
        return apps.get_model("webhooks", "Delivery")
    except LookupError:
        return None


@dashboard_view
@needs_services
def subscription_list(request, scope: Scope, subscriptions, services):
    subs = list(subscriptions.subscriptions_for(scope.organization, scope.mode))
    context = {"scope": scope, "nav": "webhooks", "subscriptions": subs}
    return render(request, "dashboard/webhooks.html", context)


@dashboard_view
@needs_services
def subscription_edit(request, scope: Scope, subscriptions, services, public_id: str | None = None):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id) if public_id else None
    form = SubscriptionForm(request.POST or None, subscription=sub)
    if request.method == "POST" and form.is_valid():
        try:
            if sub is None:
                sub = subscriptions.create_subscription(scope.organization, scope.mode, form.service_data())
                messages.success(request, "Webhook created. Send a test to check your endpoint.")
            else:
                subscriptions.update_subscription(sub, form.service_data())
                messages.success(request, "Webhook saved.")
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return redirect("dashboard-webhook", public_id=sub.public_id)
    deliveries = []
    model = _delivery_model()
    if sub is not None and model is not None:
        deliveries = list(
            model.objects.filter(subscription=sub)
            .select_related("event", "subscription")
            .order_by("-created_at", "-id")[:20]
        )
    context = {"scope": scope, "nav": "webhooks", "form": form, "subscription": sub, "deliveries": deliveries}
    return render(request, "dashboard/webhook_form.html", context)


@require_POST
@dashboard_view
@needs_services
def subscription_toggle(request, scope: Scope, subscriptions, services, public_id: str):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id)
    try:
        subscriptions.update_subscription(sub, {"enabled": not sub.enabled})
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Webhook {'disabled' if sub.enabled else 'enabled'}.")
    return redirect("dashboard-webhooks")


@require_POST
@dashboard_view
@needs_services
def subscription_delete(request, scope: Scope, subscriptions, services, public_id: str):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id)
    subscriptions.delete_subscription(sub)
    messages.success(request, "Webhook deleted; its pending deliveries stop.")
    return redirect("dashboard-webhooks")


@require_POST
@dashboard_view
@needs_services
def subscription_test(request, scope: Scope, subscriptions, services, public_id: str):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id)
    try:
        delivery = services.send_test(sub)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        code = getattr(delivery, "response_status", None) or getattr(delivery, "status_code", None)
        ok = code is not None and 200 <= int(code) < 300
        text = f"Test event sent: HTTP {code}." if code else "Test event sent; see the delivery log for the answer."
        (messages.success if ok or not code else messages.warning)(request, text)
    return redirect("dashboard-webhook", public_id=sub.public_id)


@dashboard_view
def delivery_list(request, scope: Scope):
    model = _delivery_model()
    outcome = request.GET.get("outcome") or ""
    rows, outcomes = [], []
    if model is not None:
        qs = model.objects.filter(subscription__organization=scope.organization, subscription__mode=scope.mode)
        outcome_field = _outcome_field(model)
        if outcome_field:
            outcomes = list(model._meta.get_field(outcome_field).choices or [])
            if outcome in {value for value, _ in outcomes}:
                qs = qs.filter(**{outcome_field: outcome})
        rows = list(qs.select_related("event", "subscription").order_by("-created_at", "-id")[:DELIVERY_PAGE])
    context = {
        "scope": scope,
        "nav": "webhooks",
        "deliveries": rows,
        "outcome": outcome,
        "outcomes": outcomes,
        "available": model is not None,
    }
    return render(request, "dashboard/deliveries.html", context)


def _outcome_field(model) -> str | None:
    for name in ("state", "status", "outcome"):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - FieldDoesNotExist: try the next name
            continue
        if field.choices:
            return name
    return None


@require_POST
@dashboard_view
@needs_services
def delivery_retry(request, scope: Scope, subscriptions, services, public_id: str):
    model = _delivery_model()
    delivery = (
        model.objects.filter(
            subscription__organization=scope.organization, subscription__mode=scope.mode, public_id=public_id
        ).first()
        if model is not None
        else None
    )
    if delivery is None:
        raise ServiceError("not_found", "No such delivery.", 404)
    try:
        services.retry_delivery(delivery)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Delivery queued again.")
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("dashboard-deliveries")
