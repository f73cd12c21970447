"""Dashboard forms of the exception queue: they shape input; casework.services holds the rules."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django import forms
from django.utils import timezone

from core.forms import ServiceErrorForm


class AssignForm(ServiceErrorForm):
    assignee = forms.ChoiceField(required=False, label="Assigned to")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", "— nobody —"),
            *[(str(m.pk), m.get_full_name() or m.get_username()) for m in members],
        ]

    def assignee_id(self) -> int | None:
        value = self.cleaned_data.get("assignee")
        return int(value) if value else None


class NoteForm(ServiceErrorForm):
    body = forms.CharField(
        label="Internal note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only your team sees notes; never the recipient, the public page or the API.",
    )


SNOOZE_CHOICES = (("1", "Until tomorrow"), ("3", "For 3 days"), ("7", "For a week"), ("date", "Until a date…"))


class SnoozeForm(ServiceErrorForm):
    length = forms.ChoiceField(choices=SNOOZE_CHOICES, label="Snooze", initial="1")
    until = forms.DateField(required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"}))

    def until_time(self) -> datetime | None:
        """The start of the chosen day (UTC) when it wakes up."""
        data = self.cleaned_data
        if data["length"] == "date":
            if not data.get("until"):
                self.add_error("until", "Pick the date it should come back.")
                return None
            day = data["until"]
        else:
            day = timezone.now().date() + timedelta(days=int(data["length"]))
        return datetime.combine(day, time(8, 0), tzinfo=UTC)


class ResolveForm(ServiceErrorForm):
    resolution = forms.CharField(required=False, max_length=500, label="How was it resolved?", widget=forms.TextInput())
