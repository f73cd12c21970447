"""Dashboard pages for trackers: overview, list, export, add, import, detail.

Views authorize (through accounts.scope.dashboard_view: the organization comes from the user's
memberships, the mode from the session) and call the services; a ServiceError's message is shown
to the person, a tracker of another organization is a 404.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view
from core import pagination
from core.errors import ServiceError
from core.filtering import lenient
from events.services import events_about
from trackers import bulk, exporting, freshness, imports, listing, overview, queries, saved_views, services, tags
from trackers.casework import services as casework_services
from trackers.casework.views import case_context, queue_overview
from trackers.corrections.views import corrections_context
from trackers.forms import ImportForm, TrackerCreateForm, TrackerEditForm
from trackers.models import ImportRow
from trackers.public import progress, timeline_days
from trackers.services import correcting


@dashboard_view
def home(request, scope: Scope):
    trackers = services.trackers_for(scope.organization, scope.mode)
    context = {"scope": scope, "nav": "overview", **overview.overview(trackers, scope.organization.pk, scope.mode)}
    context.update(queue_overview(trackers, request.user))
    return render(request, "dashboard/overview.html", context)


def _filters(request, scope: Scope) -> queries.DashboardTrackerFilter:
    return queries.DashboardTrackerFilter(
        request.GET, queryset=services.trackers_for(scope.organization, scope.mode), request=request
    )


@dashboard_view
def tracker_list(request, scope: Scope):
    filters = _filters(request, scope)
    page = listing.page(lenient(filters), filters.ordering(), request.GET.get("cursor"))
    item_tags = tags.tags_by_tracker(page.items)
    for item in page.items:
        item.tag_names = item_tags.get(item.pk, [])
    query = {k: v for k, v in request.GET.items() if k != "cursor" and v}
    next_url = "?" + urlencode({**query, "cursor": page.next_cursor}) if page.next_cursor else ""
    context = {
        "scope": scope,
        "nav": "trackers",
        "form": filters.form,
        "page": page,
        "query": urlencode(query),
        "next_url": next_url,
        "paged": bool(request.GET.get("cursor")),
        "filtered": any(v for k, v in query.items() if k != "sort"),
        "tag_options": tags.tags_in_use(scope.organization, scope.mode),
        "members": list(casework_services.members(scope.organization)),
        "bulk_actions": bulk.Action.choices,
        "saved": list(saved_views.views_for(scope.organization, request.user)),
        "savable": saved_views.clean_query(urlencode(query)),
    }
    return render(request, "dashboard/trackers.html", context)


@require_POST
@dashboard_view
def tracker_bulk(request, scope: Scope):
    """Start a bulk action over the selected trackers, or over every tracker the list's filters match."""
    query = request.POST.get("query") or ""
    back = reverse("dashboard-trackers") + ("?" + query if query else "")
    trackers = services.trackers_for(scope.organization, scope.mode)
    if request.POST.get("scope") == "all":
        filters = queries.DashboardTrackerFilter(QueryDict(query), queryset=trackers, request=request)
        chosen = lenient(filters)
        description = "every tracker matching " + (query or "no filter")
    else:
        ids = request.POST.getlist("ids")
        chosen = trackers.filter(public_id__in=ids[: bulk.MAX_TRACKERS])
        description = f"{len(ids)} selected tracker(s)"
    action = request.POST.get("action") or ""
    params: dict = {}
    if action in (bulk.Action.ADD_TAG, bulk.Action.REMOVE_TAG):
        params["tags"] = tags.split_tags(request.POST.get("tag", ""))
    elif action == bulk.Action.ASSIGN:
        assignee = request.POST.get("assignee") or ""
        params["assignee_id"] = int(assignee) if assignee.isdigit() else None
    elif action == bulk.Action.RESOLVE:
        params["resolution"] = (request.POST.get("resolution") or "")[:500]
    try:
        job = bulk.start(scope.organization, scope.mode, request.user, action, chosen, params, description)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("dashboard-bulk", public_id=job.public_id)


@dashboard_view
def bulk_detail(request, scope: Scope, public_id: str):
    job = bulk.get_job(scope.organization, scope.mode, public_id)
    context = {"scope": scope, "nav": "trackers", "job": job}
    return render(request, "dashboard/bulk_detail.html", context)


@dashboard_view
def bulk_export(request, scope: Scope, public_id: str):
    job = bulk.get_job(scope.organization, scope.mode, public_id)
    if job.action != bulk.Action.EXPORT or not job.finished:
        raise Http404("No export here")
    response = HttpResponse(job.export, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trackers-{scope.mode}-{job.public_id}.csv"'
    return response


@require_POST
@dashboard_view
def tracker_tags(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    try:
        saved = tags.set_tags(tracker, tags.split_tags(request.POST.get("tags", "")))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Tags saved." if saved else "Tags cleared.")
    return redirect("dashboard-tracker", public_id=tracker.public_id)


class _Echo:
    def write(self, value: str) -> str:
        return value


@dashboard_view
def tracker_export(request, scope: Scope):
    filters = _filters(request, scope)
    trackers = pagination.ordered(lenient(filters), filters.ordering())
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(exporting.COLUMNS)
        for t in trackers.iterator(chunk_size=2000):
            yield writer.writerow(exporting.row(t))

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trackers-{scope.mode}-{stamp}.csv"'
    return response


@dashboard_view
def tracker_add(request, scope: Scope):
    form = TrackerCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            creation = services.create_tracker(
                scope.organization,
                scope.mode,
                form.cleaned_data["tracking_number"],
                form.cleaned_data["courier"] or None,
                form.service_fields(),
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            tracker = creation.tracker
            if creation.created:
                messages.success(request, f"Tracker {tracker.tracking_number} created.")
            else:
                messages.info(request, f"{tracker.tracking_number} was already tracked; here is the original.")
            return redirect("dashboard-tracker", public_id=tracker.public_id)
    return render(request, "dashboard/tracker_add.html", {"scope": scope, "nav": "add", "form": form})


@dashboard_view
def import_new(request, scope: Scope):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", f"The file is larger than {imports.MAX_BYTES // (1024 * 1024)} MB; split it up.")
        else:
            try:
                job = imports.start_import(scope.organization, scope.mode, request.user, upload.name, upload.read())
            except ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("dashboard-import", public_id=job.public_id)
    jobs = imports.jobs_for(scope.organization, scope.mode).defer("source")[:10]
    context = {"scope": scope, "nav": "add", "form": form, "jobs": jobs, "columns": imports.COLUMNS}
    return render(request, "dashboard/import_new.html", context)


@dashboard_view
def import_detail(request, scope: Scope, public_id: str):
    job = imports.get_job(scope.organization, scope.mode, public_id)
    outcome = request.GET.get("outcome") or ""
    rows = job.rows.all()
    if outcome in ImportRow.Outcome.values:
        rows = rows.filter(outcome=outcome)
    context = {
        "scope": scope,
        "nav": "add",
        "job": job,
        "rows": rows[: imports.ROWS_SHOWN],
        "rows_shown": imports.ROWS_SHOWN,
        "outcome": outcome,
        "outcomes": ImportRow.Outcome.choices,
    }
    return render(request, "dashboard/import_detail.html", context)


def _detail_context(request, scope: Scope, tracker, form: TrackerEditForm) -> dict:
    history = correcting.timeline(tracker)  # superseded events too, shown marked
    events = [e for e in history if e.superseded_at is None]
    return {
        "scope": scope,
        "nav": "trackers",
        "tracker": tracker,
        "days": timeline_days(history),
        "event_count": len(events),
        "superseded_count": len(history) - len(events),
        **corrections_context(tracker),
        "progress": progress(tracker, events),
        "form": form,
        "webhook_events": list(events_about(scope.organization.pk, scope.mode, tracker.public_id)[:20]),
        "tracker_tags": tags.tags_of(tracker),
    }


@dashboard_view
def tracker_detail(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    form = TrackerEditForm(request.POST or None, tracker=tracker)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            if changes:
                services.update_tracker(tracker, changes)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Saved." if changes else "Nothing changed.")
            return redirect("dashboard-tracker", public_id=tracker.public_id)
    context = {**_detail_context(request, scope, tracker, form), **case_context(scope, tracker, request.user)}
    return render(request, "dashboard/tracker_detail.html", context)


@require_POST
@dashboard_view
def tracker_refresh(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    report = services.refresh_now(tracker)
    if report.failed:
        tracker.refresh_from_db(fields=["last_error"])
        messages.error(request, f"The carrier did not answer: {tracker.last_error or 'unknown error'}.")
    elif report.events_added:
        messages.success(request, f"Refreshed: {report.events_added} new event(s).")
    else:
        messages.info(request, "Refreshed: nothing new from the carrier.")
    return redirect("dashboard-tracker", public_id=tracker.public_id)


@require_POST
@dashboard_view
def tracker_delete(request, scope: Scope, public_id: str):
    tracker = services.get_tracker(scope.organization, scope.mode, public_id)
    number = tracker.tracking_number
    services.delete_tracker(tracker)
    messages.success(request, f"Tracker {number} deleted; its webhooks stop and its public page is gone.")
    return redirect("dashboard-trackers")


@dashboard_view
def carrier_freshness(request, scope: Scope):
    """Per carrier account: budget use, this organization's trackers within cadence, the circuit."""
    context = {"scope": scope, "nav": "couriers", "rows": freshness.carrier_panel(scope.organization.pk)}
    return render(request, "dashboard/carrier_freshness.html", context)


@require_POST
@dashboard_view
def view_save(request, scope: Scope):
    query = request.POST.get("query") or ""
    try:
        view = saved_views.save_view(
            scope.organization, request.user, request.POST.get("name", ""), query, bool(request.POST.get("shared"))
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("dashboard-trackers") + ("?" + query if query else ""))
    messages.success(request, f"View “{view.name}” saved{' and shared with the organization' if view.shared else ''}.")
    return redirect(reverse("dashboard-trackers") + "?" + view.query)


@require_POST
@dashboard_view
def view_delete(request, scope: Scope, public_id: str):
    try:
        saved_views.delete_view(scope.organization, request.user, public_id, can_manage=scope.can_manage)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "View deleted.")
    return redirect("dashboard-trackers")
