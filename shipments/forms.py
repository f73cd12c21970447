"""Dashboard forms for shipments: they collect the shipment update's fields and hand them to the services,
which hold every rule; a refusal lands on the field it names (core.forms.ServiceErrorForm)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from core.forms import ServiceErrorForm
from shipments.rules import ShipmentStatus, ShipmentType, Visibility

KEEP = ("", "— keep —")


def _choices(queryset: QuerySet, empty: tuple[str, str] = KEEP, unlink: str | None = None) -> list[tuple[str, str]]:
    out = [empty, *[(obj.public_id, str(obj)) for obj in queryset]]
    if unlink:
        out.insert(1, ("-", unlink))
    return out


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


class ShipmentUpdateForm(ServiceErrorForm):
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

    def __init__(self, *args, locations, layouts, contacts, containers, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["status"].choices = [KEEP, *ShipmentStatus.choices]  # type: ignore[attr-defined]
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


class ContainerMoveForm(ServiceErrorForm):
    status = forms.ChoiceField(required=False)
    location_id = forms.ChoiceField(required=False, label="Location")
    comment = forms.CharField(required=False, max_length=5000)
    force_update = forms.BooleanField(required=False, label="Force")

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [KEEP, *ShipmentStatus.choices]  # type: ignore[attr-defined]
        self.fields["location_id"].choices = _choices(locations)  # type: ignore[attr-defined]

    def body(self) -> dict:
        data = self.cleaned_data
        body = {k: data[k] for k in ("status", "location_id", "comment") if data[k]}
        if data["force_update"]:
            body["force_update"] = True
        return body
