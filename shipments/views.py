"""Dashboard pages for shipments and their places, people and containers.

Views authorize through accounts.scope.dashboard_view and call the services; a refusal is shown on
the form, in the service's words. Another organization's shipment is the 404 page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view
from core import pagination
from core.errors import ServiceError
from shipments import containers, parts, queries, services
from shipments.forms import ContactForm, ContainerMoveForm, LayoutForm, PartForm, ShipmentCreateForm, ShipmentUpdateForm
from shipments.models import TrackingUpdate
from shipments.rules import ShipmentStatus, next_statuses

DASHBOARD = TrackingUpdate.Source.DASHBOARD


@dashboard_view
def shipment_list(request, scope: Scope):
    queryset = services.shipments_for(scope.organization, scope.mode).select_related("container", "location")
    filters, narrowed = queries.dashboard_filtered(request.GET, queryset)
    try:
        page = pagination.paginate(narrowed, pagination.DEFAULT_LIMIT, request.GET.get("cursor"))
    except ServiceError:
        page = pagination.paginate(narrowed, pagination.DEFAULT_LIMIT)
    query = {k: v for k, v in request.GET.items() if k != "cursor" and v}
    context = {
        "scope": scope,
        "nav": "shipments",
        "form": filters.form,
        "page": page,
        "next_url": "?" + urlencode({**query, "cursor": page.next_cursor}) if page.next_cursor else "",
        "filtered": bool(query),
    }
    return render(request, "dashboard/shipments/list.html", context)


@dashboard_view
def shipment_add(request, scope: Scope):
    form = ShipmentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shipment = services.create_shipment(
                scope.organization, scope.mode, form.body(), user=request.user, source=DASHBOARD
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Shipment {shipment.public_id} created.")
            return redirect("dashboard-shipment", public_id=shipment.public_id)
    return render(request, "dashboard/shipments/add.html", {"scope": scope, "nav": "shipments", "form": form})


def _update_form(scope: Scope, current_status: str, data=None) -> ShipmentUpdateForm:
    org, mode = scope.organization, scope.mode
    return ShipmentUpdateForm(
        data,
        current_status=current_status,
        locations=parts.list_of(parts.LOCATION, org, mode).order_by("name"),
        layouts=parts.list_of(parts.LAYOUT, org, mode).order_by("location__name", "name"),
        contacts=parts.list_of(parts.CONTACT, org, mode).order_by("name"),
        containers=parts.list_of(parts.CONTAINER, org, mode).order_by("name"),
    )


@dashboard_view
def shipment_detail(request, scope: Scope, public_id: str):
    form = None
    if request.method == "POST":
        current = services.get_shipment(scope.organization, scope.mode, public_id).status
        form = _update_form(scope, current, request.POST)
    if form is not None and form.is_valid():
        body = form.body()
        if not body:
            form.add_error(None, "Choose a change or write a log entry.")
        else:
            try:
                services.update_shipment(
                    scope.organization, scope.mode, public_id, body, user=request.user, source=DASHBOARD
                )
            except ServiceError as exc:
                if exc.status == 404:
                    raise
                form.add_service_error(exc)
            else:
                messages.success(request, "Shipment updated.")
                return redirect("dashboard-shipment", public_id=public_id)
    detail = services.shipment_detail(scope.organization, scope.mode, public_id)
    if form is None:
        form = _update_form(scope, detail.shipment.status)
    context = {
        "scope": scope,
        "nav": "shipments",
        "shipment": detail.shipment,
        "customs": detail.customs,
        "logs": detail.logs,
        "updates": detail.updates,
        "next_statuses": [ShipmentStatus(s).label for s in next_statuses(detail.shipment.status)],
        "form": form,
    }
    return render(request, "dashboard/shipments/detail.html", context, status=400 if form.errors else 200)


def _parts_page(request, scope: Scope, kind: parts.Kind, form, template: str, extra: dict | None = None):
    if request.method == "POST" and form.is_valid():
        try:
            obj = parts.create(kind, scope.organization, scope.mode, form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{kind.noun.title()} {obj} added.")
            return redirect(request.path)
    items = list(parts.list_of(kind, scope.organization, scope.mode).order_by("name")[:500])
    context = {"scope": scope, "nav": f"{kind.noun}s", "form": form, "items": items, **(extra or {})}
    return render(request, template, context)


@dashboard_view
def location_list(request, scope: Scope):
    org, mode = scope.organization, scope.mode
    layout_form = LayoutForm(
        request.POST if request.POST.get("kind") == "layout" else None,
        locations=parts.list_of(parts.LOCATION, org, mode).order_by("name"),
        prefix="layout",
    )
    if request.POST.get("kind") == "layout":
        if layout_form.is_valid():
            try:
                parts.create(parts.LAYOUT, org, mode, layout_form.cleaned_data)
            except ServiceError as exc:
                layout_form.add_service_error(exc)
            else:
                messages.success(request, "Layout added.")
                return redirect(request.path)
        form = PartForm(prefix="location")
    else:
        form = PartForm(request.POST or None, prefix="location")
    layouts = parts.list_of(parts.LAYOUT, org, mode).order_by("name")
    return _parts_page(
        request,
        scope,
        parts.LOCATION,
        form,
        "dashboard/shipments/locations.html",
        {"layout_form": layout_form, "layouts": layouts},
    )


@dashboard_view
def contact_list(request, scope: Scope):
    return _parts_page(
        request, scope, parts.CONTACT, ContactForm(request.POST or None), "dashboard/shipments/contacts.html"
    )


@dashboard_view
def container_list(request, scope: Scope):
    return _parts_page(
        request, scope, parts.CONTAINER, PartForm(request.POST or None), "dashboard/shipments/containers.html"
    )


@dashboard_view
def container_detail(request, scope: Scope, public_id: str):
    org, mode = scope.organization, scope.mode
    container = parts.get(parts.CONTAINER, org, mode, public_id)
    form = ContainerMoveForm(
        request.POST or None,
        locations=parts.list_of(parts.LOCATION, org, mode).order_by("name"),
        current_status=container.status,
    )
    if request.method == "POST" and form.is_valid():
        try:
            containers.update_container(org, mode, public_id, form.body(), user=request.user)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Container updated; its shipments followed.")
            return redirect("dashboard-container", public_id=public_id)
    shipments = services.shipments_for(org, mode).filter(container=container).order_by("-created_at")[:200]
    context = {"scope": scope, "nav": "containers", "container": container, "shipments": shipments, "form": form}
    return render(request, "dashboard/shipments/container.html", context)


@require_POST
@dashboard_view
def part_delete(request, scope: Scope, kind: str, public_id: str):
    spec = parts.KINDS.get(kind)
    if spec is None:
        raise Http404
    try:
        parts.delete(spec, scope.organization, scope.mode, public_id)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{spec.noun.title()} deleted.")
    back = {"layout": "location"}.get(kind, kind)
    return redirect(f"dashboard-{back}s")
