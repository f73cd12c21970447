"""Customs (PackageX's): the declaration and its items, checked, ruled on and written in one place.

`clean_customs` reads the body's `customs` (types, PackageX's item defaults: code from the sku,
else "N/A"; mode "test"; manufacturer "N/A"); `check` applies the international and content rules
to the declaration as it will be; `write` replaces the items when they are sent.
"""

from __future__ import annotations

from accounts.models import Organization
from shipments.errors import refuse
from shipments.fields import Collector, non_negative, text
from shipments.models import Customs, CustomsItem, Shipment

MAX_QUANTITY = 1_000_000
CUSTOMS_TEXT: dict[str, int] = {
    "incoterm": 10,
    "signer": 200,
    "contents_type": 40,
    "contents_explanation": 500,
    "eel_type": 100,
    "restriction_type": 40,
    "restriction_comments": 500,
    "non_delivery_option": 40,
}
ITEM_TEXT: dict[str, int] = {
    "description": 500,
    "sku": 100,
    "code": 100,
    "origin_country": 2,
    "hs_tariff_number": 20,
    "currency": 3,
    "mode": 10,
    "manufacturer": 200,
}


def clean_customs(value: object, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add("customs", "Must be an object.")
        return {}
    out: dict = {}
    for key, raw in value.items():
        name = f"customs.{key}"
        if key in CUSTOMS_TEXT:
            cleaned = text(raw, name, CUSTOMS_TEXT[key], errors)
            if cleaned is not None:
                out[key] = cleaned
        elif key == "certify":
            if not isinstance(raw, bool):
                errors.add(name, "Must be true or false.")
            else:
                out[key] = raw
        elif key == "items":
            if not isinstance(raw, list):
                errors.add(name, "Must be an array of items.")
            else:
                out[key] = [_item(item, f"customs.items[{i}]", errors) for i, item in enumerate(raw)]
        else:
            errors.add(name, "Unknown customs field.")
    return out


def _item(value: object, prefix: str, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add(prefix, "Must be an object.")
        return {}
    out: dict = {}
    for key in sorted(set(value) - {*ITEM_TEXT, "quantity", "value", "weight"}):
        errors.add(f"{prefix}.{key}", "Unknown customs item field.")
    for key, limit in ITEM_TEXT.items():
        if key in value:
            cleaned = text(value[key], f"{prefix}.{key}", limit, errors)
            if cleaned is not None:
                out[key] = cleaned
    if not out.get("description") and f"{prefix}.description" not in {e.field for e in errors.errors}:
        errors.add(f"{prefix}.description", "An item needs a description.")
    quantity = value.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= MAX_QUANTITY:
        errors.add(f"{prefix}.quantity", f"Must be a whole number from 1 to {MAX_QUANTITY:,}.")
    else:
        out["quantity"] = quantity
    for key in ("value", "weight"):
        number = non_negative(value.get(key, 0), f"{prefix}.{key}", errors, nullable=False)
        if number is not None:
            out[key] = number
    # PackageX's defaults: code from sku, else "N/A"; mode "test"; manufacturer "N/A".
    out["code"] = out.get("code") or out.get("sku") or "N/A"
    out["mode"] = out.get("mode") or "test"
    out["manufacturer"] = out.get("manufacturer") or "N/A"
    for key in ("origin_country", "currency"):
        if out.get(key):
            out[key] = out[key].upper()
    return out


def check(org: Organization, shipment: Shipment, given: dict, current: dict | None) -> dict:
    """The declaration as it will be (current merged with given), or a refusal of the customs rules."""
    if shipment.is_international and not org.international_shipping:
        raise refuse("international_shipping_disabled")
    merged = {**dict.fromkeys(CUSTOMS_TEXT, ""), **(current or {}), **given}
    if merged.get("contents_type", "").lower() == "other" and not merged.get("contents_explanation"):
        raise refuse("contents_explanation_required")
    if merged.get("restriction_type", "").lower() not in ("", "none") and not merged.get("restriction_comments"):
        raise refuse("restriction_comments_required")
    return merged


def write(shipment: Shipment, fields: dict, items: list[dict] | None) -> None:
    header = {k: v for k, v in fields.items() if k in CUSTOMS_TEXT or k == "certify"}
    customs, _ = Customs.objects.update_or_create(shipment=shipment, defaults=header)
    if items is not None:
        customs.items.all().delete()
        CustomsItem.objects.bulk_create(
            [CustomsItem(customs=customs, position=i, **item) for i, item in enumerate(items)]
        )
