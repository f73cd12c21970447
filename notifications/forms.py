"""Dashboard forms for notifications: they shape input; notifications.services holds the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.forms import ServiceErrorForm
from notifications.content import PLACEHOLDERS
from notifications.milestones import Milestone
from notifications.models import Channel, NotificationSettings


class SettingsForm(ServiceErrorForm):
    email_enabled = forms.BooleanField(required=False, label="Email recipients (customer_email)")
    sms_enabled = forms.BooleanField(required=False, label="Text recipients (customer_phone)")
    milestones = forms.MultipleChoiceField(
        choices=Milestone.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Notify when a parcel reaches",
        help_text="Each milestone is told once per tracker and channel, however often the carrier repeats it.",
    )

    def __init__(self, *args, current: NotificationSettings, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "email_enabled": current.email_enabled,
                "sms_enabled": current.sms_enabled,
                "milestones": current.milestones,
            },
        )
        super().__init__(*args, **kwargs)


def placeholder_help() -> str:
    return "Placeholders: " + ", ".join("{" + name + "}" for name in PLACEHOLDERS) + "."


class TemplateForm(ServiceErrorForm):
    channel = forms.ChoiceField(choices=Channel.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=200, required=False, label="Subject")
    body = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Message",
        help_text=placeholder_help(),
    )

    def __init__(self, *args, channel: str = Channel.EMAIL, **kwargs):
        super().__init__(*args, **kwargs)
        if channel == Channel.SMS:
            del self.fields["subject"]
            self.fields["body"].help_text = (
                placeholder_help() + " Cut to one SMS segment when sent; the link is always kept whole."
            )
        else:
            self.fields["subject"].required = True
            self.fields["body"].label = "Opening paragraph"
            self.fields["body"].help_text = (
                placeholder_help() + " The status, estimated delivery, last update, the button to the tracking "
                "page and the unsubscribe link follow it."
            )
