"""Errors the services raise: one type per outcome a caller can act on.

Every entry point (native API, dialects, dashboard, commands) catches `ServiceError` and renders it
in its own shape, so a rule is stated once, in the service, with its code and message.

`code` is the project's own snake_case word, the one the native API shows. `reason` is a finer
code under it, for a dialect whose wire format tells apart what the native envelope does not (a
missing key from a wrong one, a missing tracker from a missing endpoint): dialects map codes and
reasons to their wire codes in their own tables and never read the message, which stays free to
be reworded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

# A sentence service messages end with where a courier code was wrong or missing. It names the
# native path; each dialect declares its own sentence for it (api.dialect.Dialect.hints), and
# messages name fields in backticks (`courier`) so each dialect can say its own field's name.
COURIER_LIST_HINT = "GET /api/v1/couriers lists the supported codes."


@dataclass
class FieldError:
    field: str | None
    message: str


@dataclass
class ServiceError(Exception):
    code: str
    message: str
    status: int = 400
    errors: list[FieldError] = field(default_factory=list)
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
            "status": self.status,
        }


def invalid(code: str, message: str, field_name: str | None = None, status: int = 400) -> ServiceError:
    errors = [FieldError(field_name, message)] if field_name else []
    return ServiceError(code=code, message=message, status=status, errors=errors)


def not_found(what: str = "object") -> ServiceError:
    """`not_found`, with the reason `<what>_not_found` (`tracker_not_found`, …)."""
    reason = f"{what.replace(' ', '_')}_not_found"
    return ServiceError(code="not_found", message=f"No such {what}.", status=404, reason=reason)


# Refusals that name what the caller sent, as the caller spelled it: never renamed.
CALLERS_WORDS = frozenset({"unknown_field"})
_HEAD = re.compile(r"[^.\[]+")
_QUOTED = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)`")


def field_name(name: str | None, names: Mapping[str, str]) -> str | None:
    """A field path with its first segment renamed (`courier` and `courier.x` alike)."""
    if not name:
        return name
    match = _HEAD.match(name)
    head = match.group(0) if match else name
    own = names.get(head)
    return own + name[len(head) :] if own is not None else name


def rename_in(message: str, names: Mapping[str, str]) -> str:
    """The fields a message names in backticks, renamed."""
    return _QUOTED.sub(lambda m: f"`{field_name(m.group(1), names)}`", message) if names else message


def renamed(error: ServiceError, names: Mapping[str, str]) -> ServiceError:
    """The error for a caller that calls some fields by other names (`courier` is a shipment's
    `provider_id`, Packy's `courier_code`): its field errors and the backticked names in its messages."""
    if not names or error.code in CALLERS_WORDS:
        return error
    return replace(
        error,
        message=rename_in(error.message, names),
        errors=[FieldError(field_name(e.field, names), rename_in(e.message, names)) for e in error.errors],
    )
