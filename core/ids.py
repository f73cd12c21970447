"""Public identifiers: a short type prefix and random base62, never the integer primary key.

Prefixed ids tell a reader what an id names (`trk_`, `evt_`, ...) and cannot be enumerated.
"""

from __future__ import annotations

import hashlib
import secrets
import string

from django.db import models

ALPHABET = string.ascii_letters + string.digits
ID_LENGTH = 24


def random_string(length: int = ID_LENGTH) -> str:
    """Uniform base62: one read of the system's randomness per string, not one per character.

    A byte below 248 (4 × 62) taken modulo 62 is uniform; the few bytes above are dropped.
    """
    chars: list[str] = []
    while len(chars) < length:
        chars.extend(ALPHABET[b % 62] for b in secrets.token_bytes(length + 8) if b < 248)
    return "".join(chars[:length])


def new_public_id(prefix: str) -> str:
    return f"{prefix}_{random_string()}"


class PublicIdField(models.CharField):
    """A unique, indexed `prefix_<base62>` id filled in on creation."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["prefix"] = self.prefix
        for key, default in (("max_length", 40), ("unique", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if not value:
            value = new_public_id(self.prefix)
            setattr(model_instance, self.attname, value)
        return value


def hex_form(public_id: str) -> str:
    """The same id written as 32 hex digits, for the APIs whose ids look so (Packy's, Tracktry's).

    Derived, not random: any code holding a public id (a webhook payload, say) can write it, and a
    unique indexed column (HexFormField) finds the object from it.
    """
    return hashlib.sha256(public_id.encode()).hexdigest()[:32]


class HexFormField(models.CharField):
    """The hex form of the model's `public_id`, filled in on save (also by bulk_create)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 32), ("unique", True), ("editable", False), ("null", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        public_id = model_instance.public_id  # filled by PublicIdField.pre_save, declared earlier
        value = hex_form(public_id) if public_id else None
        setattr(model_instance, self.attname, value)
        return value
