"""Dashboard forms: they translate what a person typed into service arguments, nothing more.

The rules (sandbox numbers, couriers, field limits, e-mail syntax) are the services'; a form only
shapes input, and the view shows the ServiceError message next to the field it names.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings

from carriers.registry import all_couriers
from core.forms import ServiceErrorForm
from trackers.validation import limit


def courier_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(c.code, c.name) for c in all_couriers()]


def language_choices() -> list[tuple[str, str]]:
    return [("", "Recipient's browser language"), *list(settings.LANGUAGES)]


class TrackerCreateForm(ServiceErrorForm):
    tracking_number = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autofocus": True}))
    courier = forms.ChoiceField(required=False, choices=())
    title = forms.CharField(max_length=limit("title"), required=False)
    order_id = forms.CharField(max_length=limit("order_id"), required=False, label="Order ID")
    customer_name = forms.CharField(max_length=limit("customer_name"), required=False)
    customer_email = forms.CharField(max_length=limit("customer_email"), required=False, label="Customer e-mail")
    customer_phone = forms.CharField(
        max_length=limit("customer_phone"),
        required=False,
        help_text="With its country code (+44 20 7946 0958), or a national number and the country below.",
    )
    destination_country = forms.CharField(
        max_length=limit("destination_country"),
        required=False,
        label="Destination country",
        help_text="Two letters, e.g. GB: where the parcel goes, and how a national phone number is read.",
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 4}),
    )
    language = forms.ChoiceField(required=False, choices=(), label="Tracking page language")

    FIELDS = (
        "title",
        "order_id",
        "customer_name",
        "customer_email",
        "customer_phone",
        "destination_country",
        "language",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courier"].choices = courier_choices("Detect from the number")
        self.fields["language"].choices = language_choices()

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS if self.cleaned_data.get(name)}


class TrackerEditForm(ServiceErrorForm):
    title = forms.CharField(max_length=limit("title"), required=False)
    order_id = forms.CharField(max_length=limit("order_id"), required=False, label="Order ID")
    customer_name = forms.CharField(max_length=limit("customer_name"), required=False)
    customer_email = forms.CharField(max_length=limit("customer_email"), required=False, label="Customer e-mail")
    customer_phone = forms.CharField(max_length=limit("customer_phone"), required=False)
    destination_country = forms.CharField(
        max_length=limit("destination_country"), required=False, help_text="Two letters, e.g. US"
    )
    language = forms.ChoiceField(required=False, choices=(), label="Tracking page language")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    destination_code = forms.CharField(max_length=limit("destination_code"), required=False)
    logistics_channel = forms.CharField(max_length=limit("logistics_channel"), required=False)
    tracking_account_number = forms.CharField(max_length=limit("tracking_account_number"), required=False)
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
        "destination_code",
        "logistics_channel",
        "tracking_account_number",
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
