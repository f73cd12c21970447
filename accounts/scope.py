"""Which organization and mode a dashboard request works on, resolved from the user's memberships.

Every dashboard view goes through `dashboard_view`: it requires a login, loads the user's
memberships once, and picks the organization kept in the session only if the user is a member of
it (a slug in the session or a form never reaches another organization's data). A user with no
membership sees a page that says so, never data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from accounts.models import Membership, Mode, Organization
from core.errors import ServiceError

SESSION_ORG = "dashboard_org"
SESSION_MODE = "dashboard_mode"
MANAGER_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


class NoMembership(Exception):
    """The user belongs to no organization."""


@dataclass
class Scope:
    memberships: list[Membership]
    membership: Membership
    mode: str

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def can_manage(self) -> bool:
        """Owners and admins change settings and keys; members work on trackers."""
        return self.membership.role in MANAGER_ROLES

    @property
    def is_live(self) -> bool:
        return self.mode == Mode.LIVE


def resolve(request) -> Scope:
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("organization").order_by("organization__name")
    )
    if not memberships:
        raise NoMembership
    wanted = request.session.get(SESSION_ORG)
    membership = next((m for m in memberships if m.organization.slug == wanted), memberships[0])
    mode = request.session.get(SESSION_MODE)
    if mode not in Mode.values:
        mode = Mode.TEST
    return Scope(memberships=memberships, membership=membership, mode=mode)


def select(request, slug: str | None = None, mode: str | None = None) -> bool:
    """Switch organization and/or mode; an organization is accepted only with a membership."""
    if slug is not None:
        if not Membership.objects.filter(user=request.user, organization__slug=slug).exists():
            return False
        request.session[SESSION_ORG] = slug
    if mode is not None:
        if mode not in Mode.values:
            return False
        request.session[SESSION_MODE] = mode
    return True


def dashboard_view(view):
    """Login required; the view receives `scope`. ServiceError 404 becomes the 404 page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            scope = resolve(request)
        except NoMembership:
            return render(request, "dashboard/no_access.html", status=403)
        request.scope = scope
        try:
            return view(request, scope, *args, **kwargs)
        except ServiceError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            raise

    return wrapper


def manager_required(scope: Scope) -> None:
    if not scope.can_manage:
        raise ServiceError("forbidden", "Only owners and admins of this organization can do that.", 403)
