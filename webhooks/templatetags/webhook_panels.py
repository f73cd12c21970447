"""Webhook panels that other apps' dashboard pages include without importing webhooks.

The tracker page shows the deliveries of its events; trackers must not know the webhooks app
(events flow one way), so the template asks this tag, which the webhooks app owns.
"""

from __future__ import annotations

from django import template

from webhooks import services

register = template.Library()
PANEL_SIZE = 20


@register.inclusion_tag("dashboard/_subject_deliveries.html", takes_context=True)
def subject_deliveries(context, scope, subject_id: str) -> dict:
    """The latest deliveries of events about one subject (a tracker, a shipment) in this scope."""
    deliveries = list(
        services.deliveries_for(scope.organization, scope.mode).filter(event__subject_id=subject_id)[:PANEL_SIZE]
    )
    return {"deliveries": deliveries, "request": context.get("request"), "csrf_token": context.get("csrf_token")}
