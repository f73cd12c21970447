"""The dashboard's subscription form: it shapes input for webhooks.subscriptions, nothing more."""

from __future__ import annotations

from django import forms

from core.forms import ServiceErrorForm
from events.models import EventType
from webhooks import renderers

FORMAT_LABELS = {
    "native": "Native (Standard Webhooks)",
    "aftership": "AfterShip",
    "easypost": "EasyPost",
    "packagex": "PackageX",
}


class SubscriptionForm(ServiceErrorForm):
    url = forms.CharField(
        max_length=500, label="Endpoint URL", widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks"})
    )
    description = forms.CharField(max_length=200, required=False)
    secret = forms.CharField(
        max_length=200,
        required=False,
        label="Signing secret",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Leave blank and a whsec_ secret is generated and shown once. Used to sign every delivery.",
    )
    unsigned = forms.BooleanField(
        required=False,
        label="Send unsigned requests",
        help_text="No secret: your endpoint cannot tell our deliveries from anyone else's.",
    )
    clear_secret = forms.BooleanField(
        required=False, label="Remove the signing secret", help_text="Deliveries are then sent unsigned."
    )
    format = forms.ChoiceField(
        required=False,
        label="Format",
        initial="native",
        help_text="The body, event names and signature of every delivery: ours, or a service's you already parse.",
    )
    custom_headers = forms.CharField(
        required=False,
        label="Custom headers",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "X-Shop: north", "spellcheck": "false"}),
        help_text="Sent with every delivery, one Name: value per line (never signature headers).",
    )
    event_types = forms.MultipleChoiceField(
        required=False,
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        help_text="None selected: every event.",
    )
    enabled = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, subscription=None, **kwargs):
        self.subscription = subscription
        if subscription is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "url": subscription.url,
                "description": subscription.description,
                "event_types": subscription.event_types,
                "enabled": subscription.enabled,
                "format": subscription.format,
                "custom_headers": "\n".join(f"{k}: {v}" for k, v in subscription.custom_headers.items()),
            }
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(name, FORMAT_LABELS.get(name, name.title())) for name in renderers.formats()]
        if subscription is not None and subscription.has_secret:
            self.fields["secret"].help_text = "A secret is set. Leave blank to keep it; type a new one to replace it."
        elif subscription is not None:
            self.fields["secret"].help_text = "No secret: deliveries are unsigned. Type one to sign them."
        if subscription is None:
            del self.fields["clear_secret"]
        else:
            del self.fields["unsigned"]

    def add_service_error(self, exc) -> None:
        """A header's error (`custom_headers.<name>`) shows under the custom headers box."""
        for error in exc.errors:
            if error.field and error.field.startswith("custom_headers."):
                error.field = "custom_headers"
        super().add_service_error(exc)

    def clean_custom_headers(self) -> dict:
        """`Name: value` lines as the service's {name: value}; the service judges the names and values."""
        headers: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["custom_headers"].splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, value = line.partition(":")
            if not colon or not name.strip():
                raise forms.ValidationError(f"Line {number}: write it as Name: value.")
            headers[name.strip()] = value.strip()
        return headers

    def service_data(self) -> dict:
        """What changed as the service expects it; a blank secret keeps the current one."""
        data = {
            "url": self.cleaned_data["url"].strip(),
            "description": self.cleaned_data["description"],
            "event_types": list(self.cleaned_data["event_types"]),
            "enabled": self.cleaned_data["enabled"],
            "custom_headers": self.cleaned_data["custom_headers"],
        }
        if self.cleaned_data.get("format"):
            data["format"] = self.cleaned_data["format"]
        if self.cleaned_data.get("secret"):
            data["secret"] = self.cleaned_data["secret"]
        elif self.cleaned_data.get("clear_secret"):
            data["secret"] = ""
        if self.cleaned_data.get("unsigned"):
            data["unsigned"] = True
        return data
