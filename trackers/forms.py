"""Dashboard forms: they translate what a person typed into service arguments, nothing more.

The rules (sandbox numbers, couriers, field limits, e-mail syntax) are the services'; a form only
shapes input, and the view shows the ServiceError message next to the field it names.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings

from accounts.errors import ServiceError
from trackers.couriers.registry import all_couriers
from trackers.listing import SORTS, Filters
from trackers.statuses import Status


def courier_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(c.code, c.name) for c in all_couriers()]


def language_choices() -> list[tuple[str, str]]:
    return [("", "Recipient's browser language"), *list(settings.LANGUAGES)]


class ServiceErrorMixin:
    """Put a ServiceError's field messages on the matching fields, the rest on the form."""

    def add_service_error(self, exc: ServiceError) -> None:
        placed = False
        for error in exc.errors:
            if error.field in self.fields:
                self.add_error(error.field, error.message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class TrackerCreateForm(ServiceErrorMixin, forms.Form):
    tracking_number = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autofocus": True}))
    courier = forms.ChoiceField(required=False, choices=())
    title = forms.CharField(max_length=200, required=False)
    order_id = forms.CharField(max_length=100, required=False, label="Order ID")
    customer_name = forms.CharField(max_length=200, required=False)
    customer_email = forms.CharField(max_length=254, required=False, label="Customer e-mail")
    customer_phone = forms.CharField(max_length=40, required=False)
    language = forms.ChoiceField(required=False, choices=(), label="Tracking page language")

    FIELDS = ("title", "order_id", "customer_name", "customer_email", "customer_phone", "language")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courier"].choices = courier_choices("Detect from the number")
        self.fields["language"].choices = language_choices()

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS if self.cleaned_data.get(name)}


class TrackerEditForm(ServiceErrorMixin, forms.Form):
    title = forms.CharField(max_length=200, required=False)
    order_id = forms.CharField(max_length=100, required=False, label="Order ID")
    customer_name = forms.CharField(max_length=200, required=False)
    customer_email = forms.CharField(max_length=254, required=False, label="Customer e-mail")
    customer_phone = forms.CharField(max_length=40, required=False)
    destination_country = forms.CharField(max_length=2, required=False, help_text="Two letters, e.g. US")
    language = forms.ChoiceField(required=False, choices=(), label="Tracking page language")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    metadata = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "mono", "spellcheck": "false"}),
        help_text='A JSON object, e.g. {"store": "eu-1"}',
    )

    TEXT_FIELDS = (
        "title",
        "order_id",
        "customer_name",
        "customer_email",
        "customer_phone",
        "destination_country",
        "language",
        "comment",
    )

    def __init__(self, *args, tracker=None, **kwargs):
        if tracker is not None and "initial" not in kwargs:
            initial = {name: getattr(tracker, name) for name in self.TEXT_FIELDS}
            initial["metadata"] = json.dumps(tracker.metadata, indent=2, ensure_ascii=False) if tracker.metadata else ""
            kwargs["initial"] = initial
        self.tracker = tracker
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()

    def clean_metadata(self):
        text = self.cleaned_data["metadata"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Not valid JSON: {exc.msg} (line {exc.lineno}).") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError("Metadata must be a JSON object, in braces.")
        return value

    def changes(self) -> dict:
        """Only what changed; metadata keys that were removed are sent as null (the service's merge rule)."""
        changes = {
            name: self.cleaned_data[name]
            for name in self.TEXT_FIELDS
            if self.cleaned_data[name] != getattr(self.tracker, name)
        }
        new = self.cleaned_data["metadata"]
        old = self.tracker.metadata or {}
        patch = {k: v for k, v in new.items() if old.get(k) != v}
        patch.update({k: None for k in old if k not in new})
        if patch:
            changes["metadata"] = patch
        return changes


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class FilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    status = forms.ChoiceField(required=False, choices=())
    courier = forms.ChoiceField(required=False, choices=())
    created_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Created from")
    created_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="to")
    sort = forms.ChoiceField(required=False, choices=[(k, v[2]) for k, v in SORTS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *Status.choices]
        self.fields["courier"].choices = courier_choices("Any courier")
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Tracking number, order, title, customer…", "type": "search"}
        )

    def filters(self) -> Filters:
        """The valid part of the query string; a bad value is dropped, never an error page."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return Filters(
            q=(data.get("q") or "")[:100],
            status=data.get("status") or "",
            courier=data.get("courier") or "",
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            sort=data.get("sort") or "newest",
        )
