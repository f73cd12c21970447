"""The two ways a django-filter FilterSet is applied, for every resource's list.

The API is strict (a bad filter is a 400 naming each bad parameter); the dashboard is lenient
(a bad value in a shared or hand-edited URL is dropped, the rest still narrows the list).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.errors import FieldError, ServiceError


def asks_any(filterset_class: Any, params: Any) -> bool:
    """Whether `params` ask for any of the FilterSet's filters.

    Building a FilterSet costs about a millisecond, so the API's lists skip it (and take their
    fastest path) when no filter is asked for, the usual call.
    """
    return any(params.get(name) for name in filterset_class.base_filters)


def strict(filterset: Any) -> QuerySet:
    """The filtered queryset, or a 400 that names every bad parameter (the API's door)."""
    if not filterset.is_valid():
        errors = [FieldError(name, messages[0]) for name, messages in filterset.errors.items()]
        summary = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise ServiceError("invalid_parameter", f"Some filters are not valid: {summary}", 400, errors)
    return filterset.qs


def lenient(filterset: Any) -> QuerySet:
    """The queryset narrowed by the valid filters only; bad values are dropped (the dashboard's door)."""
    if filterset.is_valid():
        return filterset.qs
    valid = {k: v for k, v in filterset.data.items() if k not in filterset.errors}
    again = type(filterset)(valid, queryset=filterset.queryset, request=getattr(filterset, "request", None))
    return again.qs if again.is_valid() else filterset.queryset
