"""The tracker page's freshness line ("checked 12 minutes ago; next check in 3 hours"), why it is
late, and when refreshing stops ("refreshing stops after 30 days without news (on 2027-01-04)")."""

from __future__ import annotations

from django import template

from trackers import lifecycle
from trackers.freshness import describe
from trackers.models import Tracker

register = template.Library()


@register.inclusion_tag("dashboard/_freshness.html")
def tracker_freshness(tracker: Tracker) -> dict:
    stop = lifecycle.stops(tracker, lifecycle.for_organization(tracker.organization_id))
    return {"tracker": tracker, "freshness": describe(tracker), "stop": stop}
