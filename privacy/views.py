"""The dashboard's privacy page: retention, export or erase one person, and the audit log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.scope import Scope, dashboard_view, manager_required
from core.errors import ServiceError
from privacy import services
from privacy.forms import RetentionForm, SubjectForm
from privacy.models import AuditEntry

AUDIT_PAGE = 50


@dashboard_view
def privacy_page(request, scope: Scope):
    retention = RetentionForm(initial={"retention_days": services.retention_days(scope.organization)})
    subject = SubjectForm(initial={"action": "export"})
    if request.method == "POST":
        manager_required(scope)
        if request.POST.get("form") == "retention":
            retention = RetentionForm(request.POST)
            if retention.is_valid():
                try:
                    services.set_retention(scope.organization, retention.cleaned_data["retention_days"])
                except ServiceError as exc:
                    retention.add_error("retention_days", exc.message)
                else:
                    messages.success(request, "Retention saved.")
                    return redirect("dashboard-privacy")
        else:
            subject = SubjectForm(request.POST)
            if subject.is_valid():
                answer = _act_on_subject(request, scope, subject)
                if answer is not None:
                    return answer
    entries = AuditEntry.objects.filter(organization=scope.organization).select_related("actor")
    page = Paginator(entries, AUDIT_PAGE).get_page(request.GET.get("page"))
    context = {"scope": scope, "nav": "privacy", "retention": retention, "subject": subject, "page": page}
    return render(request, "dashboard/privacy.html", context)


def _act_on_subject(request, scope: Scope, form: SubjectForm) -> HttpResponse | None:
    email, phone = form.cleaned_data["email"] or None, form.cleaned_data["phone"] or None
    try:
        if form.cleaned_data["action"] == "erase":
            counts = services.erase_subject(scope.organization, email, phone)
        else:
            data = services.export_subject(scope.organization, email, phone)
    except ServiceError as exc:
        form.add_error("phone" if any(e.field == "phone" for e in exc.errors) else "email", exc.message)
        return None
    if form.cleaned_data["action"] == "erase":
        messages.success(
            request,
            f"Erased: {counts['trackers']} trackers, {counts['notifications']} notifications, "
            f"{counts['shipments']} shipments; {counts['events']} webhook event bodies scrubbed.",
        )
        return redirect("dashboard-privacy")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "no-store"
    return response
