"""Dashboard forms for privacy: retention, and one person to export or erase."""

from __future__ import annotations

from django import forms

from privacy.services import MAX_RETENTION_DAYS


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_RETENTION_DAYS,
        label="Erase recipients' data after (days)",
        help_text="Days after a tracker is final (delivered, canceled, expired or completed) before the "
        "recipient's name, email, phone and address are erased. Empty: kept. The tracking history stays.",
    )


class SubjectForm(forms.Form):
    email = forms.CharField(required=False, max_length=254, label="Email address")
    phone = forms.CharField(required=False, max_length=40, label="or phone number", help_text="With its country code")
    action = forms.ChoiceField(choices=(("export", "Export"), ("erase", "Erase")), widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, label="I understand erasing cannot be undone")

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", "Tick this to erase: it cannot be undone.")
        return data
