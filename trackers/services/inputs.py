"""Checking what a caller sent before anything is written: unknown fields and the courier.

Courier resolution holds the mode rules of DESIGN.md: test mode takes sandbox numbers only, live
mode refuses them, and a live number without a courier is detected (locally, then remotely).
"""

from __future__ import annotations

from accounts.models import Mode
from carriers import numbers
from carriers.detection import Candidate, detect, detect_remote
from carriers.registry import require_courier
from core.errors import COURIER_LIST_HINT, FieldError, ServiceError, invalid
from trackers.validation import EDITABLE_FIELDS

# What a create item may carry besides the editable fields (`courier_code` is Packy's name).
CREATE_KEYS = frozenset({"tracking_number", "courier", "courier_code", "auto_correct", *EDITABLE_FIELDS})


def refuse_unknown(data: dict, allowed: frozenset[str] | set[str]) -> None:
    """A field the caller sent that nothing reads is an error, never dropped in silence."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ServiceError(
            "unknown_field",
            f"Unknown field(s): {', '.join(unknown)}.",
            400,
            [FieldError(name, "Not a field of this request.") for name in unknown],
        )


def resolve_courier(
    mode: str, number: str, courier: object, *, auto_correct: bool = False
) -> tuple[str, bool, list[Candidate]]:
    """(courier code, whether it was detected, the ranked candidates).

    `auto_correct` (a Tracktry option): a given courier that the number's format does not match is replaced
    by the best detected one; with no candidate the given courier stands.
    """
    if courier is not None and not isinstance(courier, str):
        raise invalid("invalid_courier", "`courier` must be a string: a courier code such as usps.", "courier")
    courier = courier or None
    candidates = detect(number)
    if auto_correct and courier and candidates:
        given = require_courier(courier).code
        if given not in {c.courier for c in candidates}:
            courier = candidates[0].courier
    if mode == Mode.TEST:
        if not numbers.is_sandbox_number(number):
            raise invalid(
                "not_a_sandbox_number",
                f"Test mode accepts sandbox numbers only: {numbers.SANDBOX_PATTERNS_TEXT}.",
                "tracking_number",
                status=422,
            )
        if courier:
            return require_courier(courier).code, False, candidates
        return "sandbox", True, candidates
    if numbers.is_sandbox_number(number):
        raise invalid(
            "sandbox_number_in_live_mode",
            "Sandbox numbers work only with test-mode keys.",
            "tracking_number",
            status=422,
        )
    if courier:
        code = require_courier(courier).code
        if code == "sandbox":
            raise invalid("sandbox_courier_in_live_mode", "The sandbox courier is for test mode.", "courier", 422)
        return code, False, candidates
    if not candidates:
        candidates = detect_remote(number)  # the aggregator, when one is configured
    if not candidates:
        raise invalid(
            "courier_not_detected",
            f"The courier could not be detected from this number; pass `courier`. {COURIER_LIST_HINT}",
            "courier",
            status=422,
        )
    return candidates[0].courier, True, candidates
