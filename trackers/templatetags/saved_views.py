"""The sidebar's saved views with their counts (layout.html), for the signed-in member."""

from __future__ import annotations

from django import template

from trackers import saved_views, services

register = template.Library()


@register.inclusion_tag("dashboard/_saved_views_nav.html", takes_context=True)
def saved_views_nav(context, scope) -> dict:
    request = context.get("request")
    if scope is None or request is None or not request.user.is_authenticated:
        return {"views": []}
    trackers = services.trackers_for(scope.organization, scope.mode)
    views = list(saved_views.views_for(scope.organization, request.user)[: saved_views.SHOWN])
    current = request.GET.urlencode() if request.path.endswith("/dashboard/trackers/") else None
    rows = [
        (
            view,
            saved_views.count(view, trackers, request, scope.mode),
            current is not None and saved_views.clean_query(current) == view.query,
        )
        for view in views
    ]
    return {"views": rows, "user": request.user}
