"""Dashboard pages of the exception queue: the queue itself, and the case actions of a tracker.

Views authorize (dashboard_view: the organization and mode of the signed-in member) and call
casework.services; a refusal is shown to the person, another organization's tracker is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view
from core.errors import ServiceError
from core.forms import ServiceErrorForm
from trackers import services
from trackers.casework import services as casework
from trackers.casework.forms import AssignForm, NoteForm, ResolveForm, SnoozeForm

PAGE_SIZE = 50
TABS = (
    ("open", "Open"),
    ("mine", "Assigned to me"),
    ("unassigned", "Unassigned"),
    ("snoozed", "Snoozed"),
    ("resolved", "Resolved"),
)


@dashboard_view
def queue_page(request, scope: Scope):
    view = request.GET.get("view") or "open"
    if view not in casework.VIEWS:
        view = "open"
    trackers = services.trackers_for(scope.organization, scope.mode)
    rows = _aged(casework.queue(trackers, view, request.user)[: PAGE_SIZE + 1])
    context = {
        "scope": scope,
        "nav": "queue",
        "view": view,
        "tabs": TABS,
        "rows": rows[:PAGE_SIZE],
        "more": len(rows) > PAGE_SIZE,
        "summary": casework.summary(trackers, request.user),
        "queue_late_wired": casework.late_is_wired(),
    }
    return render(request, "dashboard/queue.html", context)


def _aged(rows) -> list:
    """Each row with `age`: how long since the carrier's last word, in its largest unit ("3 days")."""
    rows = list(rows)
    for row in rows:
        since = getattr(row, "since", None)
        row.age = timesince(since, depth=1) if since else ""
    return rows


def queue_overview(trackers, user) -> dict:
    """The overview's queue card: the counts and ages, and the oldest open problems."""
    return {
        "queue_summary": casework.summary(trackers, user),
        "queue_top": _aged(casework.queue(trackers, "open", user)[:8]),
        "queue_late_wired": casework.late_is_wired(),
    }


def case_context(scope: Scope, tracker, user) -> dict:
    """What the tracker page's case panel shows (used by trackers.views.tracker_detail)."""
    members = list(casework.members(scope.organization))
    case = casework.case_of(tracker)
    return {
        "case": case,
        "case_in_queue": casework.in_queue(tracker),
        "case_notes": casework.notes_of(tracker),
        "assign_form": AssignForm(
            members=members, initial={"assignee": str(case.assignee_id) if case and case.assignee_id else ""}
        ),
        "note_form": NoteForm(),
        "snooze_form": SnoozeForm(),
        "resolve_form": ResolveForm(),
        "now": timezone.now(),
    }


def _back(request, tracker):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("dashboard-tracker", public_id=tracker.public_id)


def _refused(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _assign(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    form = AssignForm(request.POST, members=casework.members(scope.organization))
    if form.is_valid():
        case = casework.assign(tracker, form.assignee_id(), by=request.user)
        who = case.assignee.get_username() if case.assignee else "nobody"
        messages.success(request, f"{tracker.tracking_number} is assigned to {who}.")
    return form


def _take(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    casework.assign(tracker, request.user.pk, by=request.user)
    messages.success(request, f"{tracker.tracking_number} is assigned to you.")
    return None


def _note(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    form = NoteForm(request.POST)
    if form.is_valid():
        casework.add_note(tracker, request.user, form.cleaned_data["body"])
        messages.success(request, "Note added.")
    return form


def _snooze(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    form = SnoozeForm(request.POST)
    until = form.until_time() if form.is_valid() else None
    if until is not None:
        casework.snooze(tracker, until, by=request.user)
        messages.success(request, f"Snoozed until {until:%a %b %-d}.")
    return form


def _wake(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    casework.snooze(tracker, None, by=request.user)
    messages.success(request, "Back in the open queue.")
    return None


def _resolve(request, scope: Scope, tracker) -> ServiceErrorForm | None:
    form = ResolveForm(request.POST)
    if form.is_valid():
        casework.resolve(tracker, by=request.user, resolution=form.cleaned_data["resolution"])
        messages.success(request, f"{tracker.tracking_number} resolved.")
    return form


ACTIONS = {"assign": _assign, "take": _take, "note": _note, "snooze": _snooze, "wake": _wake, "resolve": _resolve}


@require_POST
@dashboard_view
def case_action(request, scope: Scope, public_id: str, action: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("No such action")
    try:
        form = handler(request, scope, tracker)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if form is not None and form.errors:
            _refused(request, form)
    return _back(request, tracker)
