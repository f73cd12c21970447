"""Dashboard actions that correct a tracker: change its courier, retrack it.

Views authorize (dashboard_view: the member's organization and mode) and call the same services as
the API (update_tracker with `courier`, reactivate_tracker); a refusal is shown to the person as a
message on the tracker's page, another organization's tracker is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.models import Mode
from accounts.scope import Scope, dashboard_view
from carriers.registry import all_couriers, get_courier
from carriers.statuses import Status
from core.errors import ServiceError
from trackers import services
from trackers.models import Tracker
from trackers.services import correcting


class CourierChangeForm(forms.Form):
    """Any courier of the catalog but the current one (and the sandbox in live mode)."""

    def __init__(self, *args, mode: str, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (c.code, c.name) for c in all_couriers() if c.code != current and (mode == Mode.TEST or c.code != "sandbox")
        ]
        # A blank first choice: the select must not look as if it named the tracker's courier.
        self.fields["courier"] = forms.ChoiceField(label="Courier", choices=[("", "Choose a courier…"), *choices])


def corrections_context(tracker: Tracker) -> dict:
    """What the tracker page's Corrections panel shows: the detected candidates when the first
    guess found nothing, the changes left, and whether it can be retracked."""
    found_nothing = tracker.status == Status.UNKNOWN and tracker.last_event_at is None
    return {
        "courier_candidates": correcting.courier_candidates(tracker) if found_nothing else [],
        "courier_changes_left": correcting.changes_left(tracker),
        "courier_form": CourierChangeForm(mode=tracker.mode, current=tracker.courier),
        "can_retrack": not (tracker.active and tracker.next_refresh_at is not None),
    }


@require_POST
@dashboard_view
def tracker_courier(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    form = CourierChangeForm(request.POST, mode=tracker.mode, current=tracker.courier)
    if not form.is_valid():
        messages.error(request, "Choose a courier from the list.")
        return redirect("dashboard-tracker", public_id=tracker.public_id)
    old = tracker.courier
    try:
        tracker = services.update_tracker(tracker, {"courier": form.cleaned_data["courier"]})
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if tracker.courier == old:
            messages.info(request, "The courier is unchanged.")
        else:
            name = courier.name if (courier := get_courier(tracker.courier)) else tracker.courier
            messages.success(
                request,
                f"Courier changed to {name}; it is being asked now. The earlier events are kept, marked superseded.",
            )
    return redirect("dashboard-tracker", public_id=tracker.public_id)


@require_POST
@dashboard_view
def tracker_retrack(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    try:
        services.reactivate_tracker(tracker)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Retracked: the carrier will be asked again now and on its schedule after.")
    return redirect("dashboard-tracker", public_id=tracker.public_id)
