"""The dashboard's form for one status override; the rules are the service's (trackers/overrides.py)."""

from __future__ import annotations

from django import forms

from carriers.registry import all_couriers
from carriers.statuses import Detail, Status
from core.forms import ServiceErrorForm


class OverrideForm(ServiceErrorForm):
    courier = forms.ChoiceField(label="Courier")
    raw_code = forms.CharField(
        max_length=64,
        label="Carrier's code",
        help_text="Exactly as the carrier writes it: the tracker page's “Why this status” shows each scan's code.",
    )
    status = forms.ChoiceField(choices=Status.choices, label="Status")
    status_detail = forms.ChoiceField(choices=[("", "—"), *Detail.choices], required=False, label="Detail")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        couriers = sorted((c for c in all_couriers() if c.code != "sandbox"), key=lambda c: c.name.lower())
        self.fields["courier"].choices = [(c.code, c.name) for c in couriers]
