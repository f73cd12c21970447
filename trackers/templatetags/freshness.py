"""The tracker page's freshness line ("checked 12 minutes ago; next check in 3 hours") and why it is late."""

from __future__ import annotations

from django import template

from trackers.freshness import describe
from trackers.models import Tracker

register = template.Library()


@register.inclusion_tag("dashboard/_freshness.html")
def tracker_freshness(tracker: Tracker) -> dict:
    return {"tracker": tracker, "freshness": describe(tracker)}
