"""The notifications panel of the tracker detail page (trackers must not import this app)."""

from __future__ import annotations

from django import template

from notifications import services

register = template.Library()
PANEL_SIZE = 20


@register.inclusion_tag("dashboard/_tracker_notifications.html", takes_context=True)
def tracker_notifications(context, tracker) -> dict:
    """What was sent to this tracker's recipient (masked), and the switch to turn it off."""
    return {
        "tracker": tracker,
        "notifications": list(services.log_for(tracker)[:PANEL_SIZE]),
        "suppressed": services.suppressed_channels(tracker),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
