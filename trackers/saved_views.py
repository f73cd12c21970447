"""Saved views: a tracker-list filter set (status, courier, tag, assignee, age, search, …) kept
under a name by a member, for themselves or shared with the organization.

The query string is what the list's filters read (queries.DashboardTrackerFilter), kept as the
person saved it minus paging; unknown parameters are dropped. Counts for the sidebar are the
filter's count in the current mode, cached for COUNT_SECONDS so a page view costs no COUNT.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict

from accounts.models import Organization, organization_id
from core.errors import ServiceError, invalid, not_found
from core.filtering import lenient
from trackers.queries import DashboardTrackerFilter
from trackers.view_models import SavedView

COUNT_SECONDS = 60
MAX_VIEWS = 50
SHOWN = 12


def clean_query(query: str) -> str:
    """Only the list's own filter parameters, without paging, in a stable order."""
    allowed = set(DashboardTrackerFilter.base_filters)
    params = QueryDict(query or "")
    kept = [(k, v) for k in sorted(params) if k in allowed for v in params.getlist(k) if v]
    return urlencode(kept)


def views_for(organization: Organization | int, user) -> QuerySet[SavedView]:
    """The member's own views and the ones shared in the organization."""
    return SavedView.objects.filter(organization_id=organization_id(organization)).filter(
        Q(owner=user) | Q(shared=True)
    )


def save_view(organization: Organization, user, name: str, query: str, shared: bool = False) -> SavedView:
    name = " ".join((name or "").split())
    if not name:
        raise invalid("invalid_name", "Give the view a name.", "name")
    if len(name) > 60:
        raise invalid("invalid_name", "A view's name has at most 60 characters.", "name")
    query = clean_query(query)
    if not query:
        raise invalid("nothing_to_save", "Choose a filter or a search first, then save it as a view.")
    if SavedView.objects.filter(organization=organization, owner=user).count() >= MAX_VIEWS:
        raise ServiceError("too_many_views", f"A member keeps at most {MAX_VIEWS} views; delete one first.", 400)
    existing = SavedView.objects.filter(organization=organization, owner=user, name=name).first()
    if existing:
        existing.query, existing.shared = query, shared
        existing.save(update_fields=["query", "shared"])
        return existing
    return SavedView.objects.create(organization=organization, owner=user, name=name, query=query, shared=shared)


def get_view(organization: Organization | int, user, public_id: str) -> SavedView:
    view = views_for(organization, user).filter(public_id=public_id).first()
    if view is None:
        raise not_found("view")
    return view


def delete_view(organization: Organization | int, user, public_id: str, can_manage: bool = False) -> None:
    """The owner deletes a view; owners and admins may also delete a shared one."""
    view = get_view(organization, user, public_id)
    if view.owner_id != user.pk and not can_manage:
        raise ServiceError("forbidden", "Only its owner or an admin can delete a shared view.", 403)
    view.delete()


def count(view: SavedView, trackers: QuerySet, request, mode: str) -> int:
    """How many trackers the view shows now in this mode (cached for COUNT_SECONDS)."""
    key = f"savedview:{view.pk}:{mode}:{getattr(request.user, 'pk', '')}:{view.query}"
    cached = cache.get(key)
    if cached is None:
        filters = DashboardTrackerFilter(QueryDict(view.query), queryset=trackers, request=request)
        cached = lenient(filters).count()
        cache.set(key, cached, COUNT_SECONDS)
    return cached
