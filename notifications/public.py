"""The recipient's unsubscribe page: by unguessable token, no login, in the message's language.

GET shows what will stop and a button; POST stops it. Link scanners in mail systems open every link
in a message, so a GET must not unsubscribe. POST is exempt from CSRF: mail clients' one-click
unsubscribe (RFC 8058, the List-Unsubscribe-Post header) posts with no cookie, and the token in the
URL is the credential.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from notifications import services


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str) -> HttpResponse:
    try:
        notification = services.by_token(token)
        if request.method == "POST":
            services.unsubscribe(token)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    with translation.override(notification.language):
        response = render(
            request,
            "notifications/unsubscribe.html",
            {
                "org_name": notification.organization.public_name,
                "tracking_number": notification.tracker.tracking_number,
                "done": request.method == "POST",
                "language": notification.language,
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response
