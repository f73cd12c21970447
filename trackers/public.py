"""The recipient's public tracking page (seed 004's public_url): by unguessable token, no personal data."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from trackers.models import Tracker


def tracker_page(request, token: str):
    tracker = (
        Tracker.objects.select_related("organization").filter(public_token=token).first() if len(token) <= 40 else None
    )
    if tracker is None:
        raise Http404("No such tracking page")
    events = list(tracker.events.all())
    response = render(request, "public/tracker.html", {"tracker": tracker, "events": events})
    response["X-Robots-Tag"] = "noindex"
    return response
