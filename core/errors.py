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

from dataclasses import dataclass, field

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
