"""Dashboard pages for webhooks: subscriptions and the delivery log.

The rules (https only, URL guard, secrets, event types, retries, test sends) live in
webhooks.subscriptions (subscription CRUD) and webhooks.services (deliveries, retry, test ping);
these views authorize through the dashboard scope, translate the form, call them and show a
ServiceError's message. Both modules are imported when a page is asked for, so a build without
one of them shows a notice on these pages instead of failing at start-up.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view
from core.errors import ServiceError
from webhooks import services, subscriptions
from webhooks.forms import SubscriptionForm
from webhooks.models import DeliveryStatus

DELIVERY_PAGE = 100


def _back(request, default: str, **kwargs):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default, **kwargs)


@dashboard_view
def subscription_list(request, scope: Scope):
    subs = list(subscriptions.with_queue(subscriptions.subscriptions_for(scope.organization, scope.mode)))
    return render(request, "dashboard/webhooks.html", {"scope": scope, "nav": "webhooks", "subscriptions": subs})


@dashboard_view
def subscription_edit(request, scope: Scope, public_id: str | None = None):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id) if public_id else None
    form = SubscriptionForm(request.POST or None, subscription=sub)
    if request.method == "POST" and form.is_valid():
        try:
            if sub is None:
                data = form.service_data()
                sub = subscriptions.create_subscription(scope.organization, scope.mode, data)
                messages.success(request, "Webhook created. Send a test to check your endpoint.")
                if not sub.secret or data.get("secret"):
                    return redirect("dashboard-webhook", public_id=sub.public_id)
                # A generated secret is shown on this answer only (not after a redirect): write-only from here on.
                context = {
                    "scope": scope,
                    "nav": "webhooks",
                    "form": SubscriptionForm(subscription=sub),
                    "subscription": sub,
                    "deliveries": [],
                    "new_secret": sub.secret,
                }
                return render(request, "dashboard/webhook_form.html", context)
            else:
                subscriptions.update_subscription(sub, form.service_data())
                messages.success(request, "Webhook saved.")
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return redirect("dashboard-webhook", public_id=sub.public_id)
    deliveries = []
    if sub is not None:
        deliveries = list(services.deliveries_for(scope.organization, scope.mode, subscription=sub)[:20])
    context = {"scope": scope, "nav": "webhooks", "form": form, "subscription": sub, "deliveries": deliveries}
    return render(request, "dashboard/webhook_form.html", context)


@require_POST
@dashboard_view
def subscription_toggle(request, scope: Scope, public_id: str):
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
def subscription_delete(request, scope: Scope, public_id: str):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id)
    subscriptions.delete_subscription(sub)
    messages.success(request, "Webhook deleted; its pending deliveries stop.")
    return redirect("dashboard-webhooks")


@require_POST
@dashboard_view
def subscription_test(request, scope: Scope, public_id: str):
    sub = subscriptions.get_subscription(scope.organization, scope.mode, public_id)
    try:
        delivery = services.send_test(sub)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if delivery.status == DeliveryStatus.SUCCEEDED:
            messages.success(request, f"Test event delivered: your endpoint answered HTTP {delivery.last_status_code}.")
        else:
            messages.warning(request, f"Test event not delivered: {delivery.last_error or 'no answer'}.")
    return _back(request, "dashboard-webhook", public_id=sub.public_id)


@dashboard_view
def delivery_list(request, scope: Scope):
    outcome = request.GET.get("outcome") or ""
    status = outcome if outcome in DeliveryStatus.values else None
    rows = list(services.deliveries_for(scope.organization, scope.mode, status=status)[:DELIVERY_PAGE])
    context = {
        "scope": scope,
        "nav": "webhooks",
        "deliveries": rows,
        "outcome": outcome,
        "outcomes": DeliveryStatus.choices,
    }
    return render(request, "dashboard/deliveries.html", context)


@require_POST
@dashboard_view
def delivery_retry(request, scope: Scope, public_id: str):
    delivery = services.get_delivery(scope.organization, scope.mode, public_id)
    try:
        delivery = services.retry_delivery(delivery)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if delivery.status == DeliveryStatus.SUCCEEDED:
            messages.success(request, f"Delivered: your endpoint answered HTTP {delivery.last_status_code}.")
        else:
            messages.warning(
                request, f"Retried, not delivered: {delivery.last_error or delivery.get_status_display()}."
            )
    return _back(request, "dashboard-deliveries")
