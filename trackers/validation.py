"""What a caller may set on a tracker, checked against the model itself.

Tracktry's order and customer fields and `metadata` go through a ModelForm built for exactly
the fields the caller sent, so lengths, e-mail syntax and blank rules come from trackers.models and
are never restated here. What the model cannot say is added on top: JSON types (a number is not a
title), the date formats Tracktry writes, country codes, and the bounds of `metadata`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

import phonenumbers
from django import forms
from django.db.models import Field
from django.utils.dateparse import parse_date

from core.errors import FieldError, ServiceError
from core.inputs import shape
from core.times import parse_instant
from trackers.models import Tracker
from trackers.representation import ORDER_FIELDS

# `courier` is not among them: changing it is a correction (trackers/services/correcting.py).
IMMUTABLE_FIELDS = ("tracking_number", "mode")
DATE_FIELDS = ("order_created_at", "ship_date")
EDITABLE_FIELDS = (*ORDER_FIELDS, *DATE_FIELDS, "metadata")
# Metadata bounds (docs/security.md): deep or huge JSON costs every reader of the tracker.
METADATA_MAX_CHARS = 16_000  # as compact JSON
METADATA_MAX_DEPTH = 5  # {"a": {"b": 1}} is depth 2
METADATA_MAX_ITEMS = 200  # keys and array items at every level
METADATA_MAX_KEY = 100  # characters in one key


def limit(name: str) -> int:
    """The model's max_length of a tracker field: forms and the API document read it from here."""
    # Asked only about the tracker's own text columns: a concrete Field whose max_length is set.
    field = cast("Field[Any, Any]", Tracker._meta.get_field(name))
    return cast(int, field.max_length)


class TrackerFieldsForm(forms.ModelForm):
    # Tracktry writes times as "2017/8/27 16:51" and dates as "20170827": parsed in clean_*.
    order_created_at = forms.CharField(required=False)
    ship_date = forms.CharField(required=False)

    class Meta:
        model = Tracker
        fields = EDITABLE_FIELDS

    def clean_metadata(self) -> dict:
        value = self.cleaned_data.get("metadata")
        if value is None:
            return {}
        problem = metadata_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_order_created_at(self) -> datetime | None:
        text = self.cleaned_data.get("order_created_at") or ""
        if not text:
            return None
        instant = parse_instant(text, TRACKTRY_TIME_FORMATS)
        if instant is None:
            raise forms.ValidationError("Use an ISO 8601 date-time, e.g. 2026-04-01T10:08:00Z.")
        return instant

    def clean_ship_date(self) -> date | None:
        text = self.cleaned_data.get("ship_date") or ""
        if not text:
            return None
        parsed = _safe(parse_date, text) if "-" in text else _parse_compact_date(text)
        if parsed is None:
            raise forms.ValidationError("Use a date as YYYY-MM-DD or YYYYMMDD.")
        return parsed

    def clean_customer_phone(self) -> str:
        """E.164 (what SMS providers take), or the save is refused: a number we cannot text is no use."""
        text = (self.cleaned_data.get("customer_phone") or "").strip()
        if not text:
            return ""
        number = _parse_phone(text, str(self.data.get("destination_country") or ""))
        if number is None:
            raise forms.ValidationError(
                "Enter a valid phone number with its country code, e.g. +1 415 555 2671 or +44 7911 123456."
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_destination_country(self) -> str:
        value = (self.cleaned_data.get("destination_country") or "").upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError("Use a two-letter ISO 3166 country code, e.g. US.")
        return value


def metadata_problem(value: object) -> str | None:
    """Why this metadata cannot be stored, or None (also checked after a merge adds keys)."""
    if not isinstance(value, dict):
        return "Metadata must be a JSON object."
    measured = shape(value)
    if measured.depth > METADATA_MAX_DEPTH:
        return f"Metadata may be nested at most {METADATA_MAX_DEPTH} levels deep."
    if measured.items > METADATA_MAX_ITEMS:
        return f"Metadata may hold at most {METADATA_MAX_ITEMS} keys and array items in all."
    if any(len(key) > METADATA_MAX_KEY for key in _keys(value)):
        return f"Metadata keys are at most {METADATA_MAX_KEY} characters long."
    if len(json.dumps(value, separators=(",", ":"))) > METADATA_MAX_CHARS:
        return f"Metadata is limited to {METADATA_MAX_CHARS:,} characters as JSON."
    return None


def _keys(value: object):
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield from (str(k) for k in current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def clean_fields(data: dict) -> dict:
    """The given editable fields, checked and typed; every problem reported at once."""
    names = [name for name in EDITABLE_FIELDS if name in data]
    if not names:
        return {}
    errors: list[FieldError] = []
    prepared: dict = {}
    for name in names:
        value = data[name]
        if name == "metadata":
            if value is not None and not isinstance(value, dict):
                errors.append(FieldError(name, "Metadata must be a JSON object."))
                continue
            prepared[name] = value or None
        elif value is None:
            prepared[name] = ""
        elif isinstance(value, str):
            prepared[name] = value.strip()
        elif name in DATE_FIELDS and isinstance(value, int) and not isinstance(value, bool):
            prepared[name] = str(value)  # 20170827 sent as a number
        else:
            errors.append(FieldError(name, "Must be a string."))
    form = _form_for(tuple(n for n in names if n in prepared))(data=prepared)
    if not form.is_valid():
        # ErrorList[i] is the message text (each ValidationError rendered with str()); the stubs type the raw item.
        errors.extend(FieldError(name, cast(str, messages[0])) for name, messages in form.errors.items())
    if errors:
        raise ServiceError("invalid_fields", "Some fields are not valid.", 400, errors)
    return {name: form.cleaned_data[name] for name in prepared}


@lru_cache(maxsize=256)
def _form_for(names: tuple[str, ...]) -> type[forms.ModelForm]:
    """A form of exactly these fields (built once per combination: building a form class is slow)."""
    return forms.modelform_factory(Tracker, form=TrackerFieldsForm, fields=names)


def _safe(parse, text: str):
    """Django's parsers raise ValueError for well-formed but impossible values (month 13)."""
    try:
        return parse(text)
    except ValueError:
        return None


# Tracktry writes its order times without an offset, as UTC.
TRACKTRY_TIME_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M")


def _parse_phone(text: str, country: str) -> phonenumbers.PhoneNumber | None:
    """A valid number: international (+86 135…, or 86 135… as Tracktry writes it), or national
    when the destination country is sent with it."""
    digits = text[2:] if text.startswith("00") else text
    attempts: list[tuple[str, str | None]] = [(digits if digits.startswith("+") else "+" + digits, None)]
    if country and not text.startswith("+"):
        attempts.insert(0, (text, country.upper()))
    for candidate, region in attempts:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def _parse_compact_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None
