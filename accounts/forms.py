"""Dashboard forms for the organization: API keys, the public page's branding, the refresh lifecycle.

They shape input only; accounts.services.update_settings holds the rules.
"""

from __future__ import annotations

from django import forms
from django.conf import settings

from accounts.models import Mode
from accounts.services import SETTINGS_FIELDS
from core.forms import ServiceErrorForm


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, required=False, help_text="What uses it, e.g. “Shop backend”.")
    mode = forms.ChoiceField(choices=Mode.choices, widget=forms.RadioSelect)


class OrganizationSettingsForm(ServiceErrorForm):
    """What recipients see on the public page, and whether international shipping is on."""

    display_name = forms.CharField(
        max_length=200,
        required=False,
        label="Display name",
        help_text="Shown to recipients on the tracking page; the organization name when empty.",
    )
    brand_color = forms.CharField(
        max_length=7,
        required=False,
        label="Brand colour",
        help_text="A hex colour such as #4f46e5, used for the tracking page header.",
        widget=forms.TextInput(attrs={"placeholder": "#4f46e5", "pattern": "#[0-9a-fA-F]{6}"}),
    )
    logo_url = forms.CharField(
        required=False,
        max_length=200,
        label="Logo URL",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="An https:// address of a square or wide logo (PNG or SVG).",
    )
    international_shipping = forms.BooleanField(
        required=False,
        label="International shipping",
        help_text="Allow trackers and shipments to other countries.",
    )

    support_email = forms.CharField(
        required=False,
        max_length=254,
        label="Support email",
        widget=forms.EmailInput(attrs={"placeholder": "help@shop.example"}),
        help_text="Shown to recipients when a parcel fails, is returned or needs attention.",
    )
    support_phone = forms.CharField(
        required=False,
        max_length=32,
        label="Support phone",
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+1 555 010 0100"}),
    )
    support_url = forms.CharField(
        required=False,
        max_length=300,
        label="Help page URL",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="An https:// page where recipients can contact you.",
    )

    tracking_domain = forms.CharField(
        required=False,
        max_length=253,
        label="Tracking domain",
        widget=forms.TextInput(attrs={"placeholder": "track.shop.example", "autocapitalize": "none"}),
        help_text="Your own host for tracking pages; point it at this server (docs: operations, tracking domains).",
    )

    expire_after_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Stop refreshing after this many days without news",
        help_text="Days since the last event (or creation); empty: the installation's default ({expire}).",
    )
    refresh_after_delivery_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=365,
        label="Keep refreshing this many days after delivery",
        help_text="Some carriers add scans after delivery (collected from a locker); 0 stops at delivery; "
        "empty: the installation's default ({after}).",
    )

    FIELDS = SETTINGS_FIELDS  # what the settings service takes

    def __init__(self, *args, organization=None, **kwargs):
        if organization is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(organization, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        defaults = {"expire": settings.EXPIRE_AFTER_DAYS, "after": settings.REFRESH_AFTER_DELIVERY_DAYS}
        for name in ("expire_after_days", "refresh_after_delivery_days"):
            self.fields[name].help_text = str(self.fields[name].help_text).format(**defaults)
