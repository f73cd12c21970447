"""Dashboard pages for webhooks (placeholder until the subscription and delivery services land)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from accounts.scope import Scope, dashboard_view
from webhooks.models import Subscription


@dashboard_view
def subscription_list(request, scope: Scope):
    subs = Subscription.objects.filter(organization=scope.organization, mode=scope.mode)
    return render(request, "dashboard/webhooks.html", {"scope": scope, "nav": "webhooks", "subscriptions": subs})


@dashboard_view
def subscription_edit(request, scope: Scope, public_id: str | None = None):
    raise Http404


subscription_toggle = subscription_delete = subscription_test = subscription_edit


@dashboard_view
def delivery_list(request, scope: Scope):
    raise Http404


@dashboard_view
def delivery_retry(request, scope: Scope, public_id: str):
    raise Http404
