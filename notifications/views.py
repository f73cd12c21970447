"""Dashboard pages for notifications: when to notify, the wording with a preview, and a tracker's switch.

Views authorize through the dashboard scope, translate forms and call notifications.services.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import Scope, dashboard_view, manager_required
from core.errors import ServiceError
from notifications import services
from notifications.forms import SettingsForm, TemplateForm
from notifications.models import Channel
from trackers.services import get_tracker


def _choice(value: str | None, allowed: list[str], default: str) -> str:
    return value if value in allowed else default


@dashboard_view
def notifications_page(request, scope: Scope):
    source = request.POST if request.method == "POST" else request.GET
    channel = _choice(source.get("channel"), list(Channel.values), Channel.EMAIL)
    language = _choice(source.get("language"), [code for code, _ in settings.LANGUAGES], settings.LANGUAGE_CODE)
    action = request.POST.get("action", "")
    current = services.settings_for(scope.organization, scope.mode)
    settings_form = SettingsForm(request.POST if action == "settings" else None, current=current)
    subject, body, customized = services.wording_for(scope.organization, channel, language)
    initial = {"channel": channel, "language": language, "subject": subject, "body": body}
    template_form = TemplateForm(
        request.POST if action in ("preview", "save") else None, channel=channel, initial=initial
    )
    preview = None
    if request.method == "POST":
        manager_required(scope)
        here = f"{reverse('dashboard-notifications')}?channel={channel}&language={language}"
        if action == "settings" and settings_form.is_valid():
            data = settings_form.cleaned_data
            services.update_settings(
                scope.organization,
                scope.mode,
                email_enabled=data["email_enabled"],
                sms_enabled=data["sms_enabled"],
                milestones=data["milestones"],
            )
            messages.success(request, f"Notification settings saved for {scope.mode} mode.")
            return redirect(here)
        if action in ("preview", "save") and template_form.is_valid():
            data = template_form.cleaned_data
            try:
                if action == "save":
                    services.save_template(scope.organization, channel, language, data.get("subject", ""), data["body"])
                    messages.success(request, "Template saved; the next messages use it.")
                    return redirect(here)
                preview = services.preview(scope.organization, channel, language, data.get("subject", ""), data["body"])
            except ServiceError as exc:
                template_form.add_service_error(exc)
        if action == "reset":
            services.reset_template(scope.organization, channel, language)
            messages.success(request, "Template reset to the default wording.")
            return redirect(here)
    if preview is None:
        preview = services.preview(scope.organization, channel, language, subject, body)
    context = {
        "scope": scope,
        "nav": "notifications",
        "settings_form": settings_form,
        "template_form": template_form,
        "channel": channel,
        "language": language,
        "customized": customized,
        "preview": preview,
        "channels": Channel.choices,
        "languages": settings.LANGUAGES,
    }
    return render(request, "dashboard/notifications.html", context)


@require_POST
@dashboard_view
def tracker_toggle(request, scope: Scope, public_id: str):
    """Turn a tracker's notifications off (both channels) or back on."""
    tracker = get_tracker(scope.organization, scope.mode, public_id)
    if request.POST.get("on") == "1":
        services.opt_in(tracker)
        messages.success(
            request, "Notifications are on for this tracker (a recipient's own unsubscribe or STOP reply is kept)."
        )
    else:
        services.opt_out(tracker, list(Channel.values))
        messages.success(request, "Notifications are off for this tracker.")
    return redirect("dashboard-tracker", public_id=tracker.public_id)
