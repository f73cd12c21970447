"""The one query door for tracker lists: the API list, the dashboard list and the CSV export.

A django-filter FilterSet states every filter once. The doors differ only in how they treat a bad
value: the API answers 400 naming the parameter (`strict`), the dashboard drops it and shows what
the valid filters select (a person mistyping a date deserves a list, not an error page).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from carriers import numbers
from carriers.registry import all_couriers
from carriers.statuses import Status
from core.filtering import asks_any, strict
from core.times import parse_instant
from core.widgets import PlainSelect
from trackers.models import Tracker

SEARCH_MAX = 100

# Dashboard sort key -> (field, descending, label); the API lists newest first.
SORTS: dict[str, tuple[str, bool, str]] = {
    "newest": ("created_at", True, "Newest first"),
    "oldest": ("created_at", False, "Oldest first"),
    "updated": ("updated_at", True, "Recently updated"),
    "number": ("tracking_number", False, "Tracking number A–Z"),
    "number_desc": ("tracking_number", True, "Tracking number Z–A"),
}
DEFAULT_SORT = "newest"


class DateOrDateTimeField(forms.Field):
    """An ISO 8601 date-time, or a date meaning its midnight UTC; a naive time is UTC."""

    default_error_messages = {"invalid": "Use an ISO 8601 date or date-time."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = parse_instant(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


def search_q(text: str) -> Q:
    """Number (spaces ignored, any case), order id, title, customer name and e-mail, by substring."""
    text = text.strip()[:SEARCH_MAX]
    # `<> ''` matches the partial trigram indexes (migration 0010), which leave empty values out
    # (an empty value could not contain the text anyway); no btree can serve `<>` on its own, so the
    # planner weighs only the trigram index for each column.
    q = (
        (Q(order_id__icontains=text) & ~Q(order_id=""))
        | (Q(title__icontains=text) & ~Q(title=""))
        | (Q(customer_name__icontains=text) & ~Q(customer_name=""))
        | (Q(customer_email__icontains=text) & ~Q(customer_email=""))
    )
    number = numbers.lenient(text)
    if number:
        q |= Q(tracking_number__contains=number)
    return q


class TrackerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    courier = django_filters.CharFilter(method="filter_courier")
    tracking_number = django_filters.CharFilter(method="filter_number")
    order_id = django_filters.CharFilter()
    tag = django_filters.CharFilter(field_name="tag_rows__tag", label="Tag")
    created_after = DateOrDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateOrDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = DateOrDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    # The dashboard's calendar days (inclusive), in UTC.
    created_from = django_filters.DateFilter(method="filter_created_from", label="Created from")
    created_to = django_filters.DateFilter(method="filter_created_to", label="to")

    class Meta:
        model = Tracker
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_q(value)) if value.strip() else queryset

    def filter_courier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(courier=value.strip().lower())

    def filter_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(tracking_number=numbers.lenient(value))

    def filter_created_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(created_at__gte=datetime.combine(value, time.min, UTC))

    def filter_created_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value >= date.max:  # the last day there is: every tracker was created before its end
            return queryset
        return queryset.filter(created_at__lt=datetime.combine(value + timedelta(days=1), time.min, UTC))


AGES = (("1", "Quiet over a day"), ("3", "Quiet over 3 days"), ("7", "Quiet over a week"), ("14", "Quiet over 2 weeks"))


class DashboardTrackerFilter(TrackerFilter):
    """The same filters with the dashboard's widgets, the sort it offers, and the team's own:
    who a tracker is assigned to in the exception queue, and how long the carrier has been quiet."""

    assignee = django_filters.CharFilter(method="filter_assignee", label="Assigned to")
    age = django_filters.ChoiceFilter(choices=AGES, method="filter_age", label="Age", empty_label="Any age")

    sort = django_filters.ChoiceFilter(
        choices=[(k, v[2]) for k, v in SORTS.items()], method="filter_sort", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["courier"] = forms.ChoiceField(
            required=False,
            choices=[("", "Any courier")] + [(c.code, c.name) for c in all_couriers()],
            widget=PlainSelect,
        )
        fields["q"].widget.attrs.update({"placeholder": "Tracking number, order, title, customer…", "type": "search"})
        for name in ("created_from", "created_to"):
            fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """ "me" (the signed-in member), "nobody", or a member's id."""
        if value == "nobody":
            return queryset.filter(Q(case__isnull=True) | Q(case__assignee__isnull=True))
        user = getattr(self.request, "user", None)
        if value == "me":
            return queryset.filter(case__assignee_id=getattr(user, "pk", None))
        return queryset.filter(case__assignee_id=int(value)) if value.isdigit() else queryset

    def filter_age(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The carrier's last word (or the creation, before any) is older than `value` days."""
        cutoff = timezone.now() - timedelta(days=int(value))
        return queryset.filter(Q(last_event_at__lt=cutoff) | (Q(last_event_at__isnull=True) & Q(created_at__lt=cutoff)))

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # the paginator orders; the choice is read by `ordering()`

    def ordering(self) -> tuple[str, bool]:
        """(field, descending) of the chosen sort; newest first when none or an unknown one."""
        field, descending, _ = SORTS.get(self.data.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT])
        return field, descending


def api_filtered(params, queryset: QuerySet[Tracker]) -> QuerySet[Tracker]:
    """The API's door: strict, and free when no filter is asked for (a FilterSet costs ~1 ms to build)."""
    if not asks_any(TrackerFilter, params):
        return queryset
    return strict(TrackerFilter(params, queryset=queryset))
