"""Dashboard forms for shipments: they collect the shipment update's fields and hand them to the services,
which hold every rule; a refusal lands on the field it names (core.forms.ServiceErrorForm)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from core.forms import ServiceErrorForm
from shipments.rules import ShipmentStatus, ShipmentType, Visibility, can_transition, next_statuses

KEEP = ("", "— keep —")


def _choices(queryset: QuerySet, empty: tuple[str, str] = KEEP, unlink: str | None = None) -> list[tuple[str, str]]:
    out = [empty, *[(obj.public_id, str(obj)) for obj in queryset]]
    if unlink:
        out.insert(1, ("-", unlink))
    return out


def status_choices(current: str | None) -> list:
    """The statuses a person may pick: the usual next steps first, the rest grouped as corrections."""
    if current is None:
        return [KEEP, *ShipmentStatus.choices]
    allowed = next_statuses(current)
    others = [(value, label) for value, label in ShipmentStatus.choices if value not in allowed and value != current]
    groups: list = [KEEP]
    if allowed:
        groups.append(("Next steps", [(value, ShipmentStatus(value).label) for value in allowed]))
    if others:
        groups.append(("Corrections (tick Force)", others))
    return groups


class StatusMoveForm(ServiceErrorForm):
    """A status change offered as the transition table allows; anything else needs Force, said plainly."""

    current_status: str | None = None

    def clean(self):
        data = super().clean()
        new, current = data.get("status"), self.current_status
        if new and current and not data.get("force_update") and not can_transition(current, new):
            self.add_error("status", refusal_words(current, new))
        return data

    def add_service_error(self, exc) -> None:
        if exc.code == "invalid_status_transition" and self.current_status and self.data.get("status"):
            self.add_error("status", refusal_words(self.current_status, self.data["status"]))
            return
        super().add_service_error(exc)


def refusal_words(current: str, new: str) -> str:
    def label(value: str) -> str:
        return ShipmentStatus(value).label if value in ShipmentStatus.values else value

    return (
        f"“{label(new)}” does not usually follow “{label(current)}”. "
        "Pick one of the next steps, or tick Force to correct the status anyway."
    )


class ShipmentCreateForm(ServiceErrorForm):
    type = forms.ChoiceField(choices=ShipmentType.choices, initial=ShipmentType.OUTBOUND)
    order_number = forms.CharField(required=False, max_length=100)
    tracking_number = forms.CharField(required=False, max_length=64, help_text="Test mode: a sandbox number")
    provider_id = forms.CharField(required=False, max_length=40, label="Courier", help_text="Detected when empty")
    sender_country = forms.CharField(required=False, max_length=2, help_text="ISO code, e.g. US")
    recipient_country = forms.CharField(
        required=False, max_length=2, help_text="Differs from the sender: international"
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def body(self) -> dict:
        data = self.cleaned_data
        body: dict = {"type": data["type"]}
        for name in ("order_number", "tracking_number", "provider_id", "notes"):
            if data[name]:
                body[name] = data[name]
        for side in ("sender", "recipient"):
            if data[f"{side}_country"]:
                body[f"{side}_address"] = {"country": data[f"{side}_country"]}
        return body

    def add_service_error(self, exc) -> None:
        for error in exc.errors:
            if error.field and error.field.endswith("_address.country"):
                error.field = error.field.replace("_address.country", "_country")
        super().add_service_error(exc)


class ShipmentUpdateForm(StatusMoveForm):
    """A tracking update and a log entry, as the update body's `tracking_update` and `log`."""

    status = forms.ChoiceField(required=False)
    location_id = forms.ChoiceField(required=False, label="Location")
    layout_id = forms.ChoiceField(required=False, label="Layout")
    contact_id = forms.ChoiceField(required=False, label="Contact")
    container_id = forms.ChoiceField(required=False, label="Container")
    comment = forms.CharField(required=False, max_length=5000)
    force_update = forms.BooleanField(required=False, label="Force (a correction outside the usual order)")
    log_message = forms.CharField(required=False, label="Log entry", widget=forms.Textarea(attrs={"rows": 2}))
    log_visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.PRIVATE, required=False, label="Visibility"
    )

    def __init__(self, *args, locations, layouts, contacts, containers, current_status=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        fields = self.fields
        fields["status"].choices = status_choices(current_status)  # type: ignore[attr-defined]
        fields["location_id"].choices = _choices(locations)  # type: ignore[attr-defined]
        fields["layout_id"].choices = [  # type: ignore[attr-defined]
            KEEP,
            *[(lay.public_id, f"{lay.location} · {lay}") for lay in layouts],
        ]
        fields["contact_id"].choices = _choices(contacts)  # type: ignore[attr-defined]
        fields["container_id"].choices = _choices(containers, unlink="— unlink from its container —")  # type: ignore[attr-defined]

    def body(self) -> dict:
        data = self.cleaned_data
        update: dict = {}
        if data["status"]:
            update["status"] = data["status"]
        for name in ("location_id", "layout_id", "contact_id"):
            if data[name]:
                update[name] = data[name]
        if data["container_id"]:
            update["container_id"] = None if data["container_id"] == "-" else data["container_id"]
        if data["comment"]:
            update["comment"] = data["comment"]
        body: dict = {}
        if update:
            body["tracking_update"] = update
        if data["force_update"]:
            body["force_update"] = True
        if data["log_message"]:
            body["log"] = {"message": data["log_message"], "visibility": data["log_visibility"] or Visibility.PRIVATE}
        return body

    def add_service_error(self, exc) -> None:
        for error in exc.errors:
            if error.field and error.field.startswith("tracking_update."):
                error.field = error.field.removeprefix("tracking_update.")
            elif error.field and error.field.startswith("log."):
                error.field = "log_" + error.field.removeprefix("log.")
        super().add_service_error(exc)


class PartForm(ServiceErrorForm):
    name = forms.CharField(max_length=200)


class ContactForm(PartForm):
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=40)
    company = forms.CharField(required=False, max_length=200)


class LayoutForm(PartForm):
    location_id = forms.ChoiceField(label="Location")

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location_id"].choices = _choices(locations, ("", "Choose a location"))  # type: ignore[attr-defined]


class ContainerMoveForm(StatusMoveForm):
    status = forms.ChoiceField(required=False)
    location_id = forms.ChoiceField(required=False, label="Location")
    comment = forms.CharField(required=False, max_length=5000)
    force_update = forms.BooleanField(required=False, label="Force (a correction outside the usual order)")

    def __init__(self, *args, locations, current_status=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.fields["status"].choices = status_choices(current_status)  # type: ignore[attr-defined]
        self.fields["location_id"].choices = _choices(locations)  # type: ignore[attr-defined]

    def body(self) -> dict:
        data = self.cleaned_data
        body = {k: data[k] for k in ("status", "location_id", "comment") if data[k]}
        if data["force_update"]:
            body["force_update"] = True
        return body
