"""Dashboard forms for the organization: API keys and the public page's branding."""

from __future__ import annotations

import re

from django import forms

from accounts.models import Mode, Organization

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, required=False, help_text="What uses it, e.g. “Shop backend”.")
    mode = forms.ChoiceField(choices=Mode.choices, widget=forms.RadioSelect)


class OrganizationSettingsForm(forms.ModelForm):
    """What recipients see on the public page, and whether international shipping is on."""

    logo_url = forms.URLField(required=False, max_length=200, assume_scheme="https", label="Logo URL")

    class Meta:
        model = Organization
        fields = ["display_name", "brand_color", "logo_url", "international_shipping"]
        labels = {
            "display_name": "Display name",
            "brand_color": "Brand colour",
            "logo_url": "Logo URL",
            "international_shipping": "International shipping",
        }
        help_texts = {
            "display_name": "Shown to recipients on the tracking page; the organization name when empty.",
            "brand_color": "A hex colour such as #4f46e5, used for the tracking page header.",
            "logo_url": "An https:// address of a square or wide logo (PNG or SVG).",
            "international_shipping": "Allow trackers and shipments to other countries.",
        }
        widgets = {"brand_color": forms.TextInput(attrs={"placeholder": "#4f46e5", "pattern": "#[0-9a-fA-F]{6}"})}

    def clean_brand_color(self) -> str:
        value = (self.cleaned_data.get("brand_color") or "").strip()
        if value and not HEX_COLOUR.fullmatch(value):
            raise forms.ValidationError("Use a hex colour with six digits, e.g. #4f46e5.")
        return value.lower()

    def clean_logo_url(self) -> str:
        value = (self.cleaned_data.get("logo_url") or "").strip()
        if value and not value.startswith("https://"):
            raise forms.ValidationError("Use an https:// address so the tracking page stays secure.")
        return value
