"""The tracker page's "why this status" disclosure (trackers/why.py)."""

from __future__ import annotations

from django import template

from trackers.models import Tracker
from trackers.why import explain

register = template.Library()


@register.inclusion_tag("dashboard/_status_why.html")
def status_why(tracker: Tracker) -> dict:
    return {"tracker": tracker, "why": explain(tracker)}
