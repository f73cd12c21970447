"""What a kept carrier answer needs to be read again: its adapter's parser and status maps' version.

Every live adapter module names its status tables in `STATUS_MAPS` and reads a kept body with
`parse_response(body, number)` (pure: the same parser as a refresh, with today's maps). The
version is a short hash of those tables' contents, computed from the data each time it is asked
for, so an edited map (a new code, a changed row) has a new version without anyone bumping it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from types import ModuleType

from carriers.base import TrackingResult
from carriers.registry import AGGREGATOR, DIRECT_ADAPTERS

# Adapters whose answers are kept: every direct adapter but the sandbox (it computes its answers),
# and the aggregator.
MODULES: dict[str, str] = {
    **{code: module for code, module in DIRECT_ADAPTERS.items() if code != "sandbox"},
    AGGREGATOR: "carriers.seventeentrack",
}


class UnknownAdapter(LookupError):
    """A kept answer names an adapter this installation no longer has."""


def module_of(adapter: str) -> ModuleType:
    try:
        return importlib.import_module(MODULES[adapter])
    except KeyError:
        raise UnknownAdapter(adapter) from None


def map_version(adapter: str) -> str:
    """12 hex digits naming the contents of the adapter's status tables ('' for an unknown adapter)."""
    try:
        module = module_of(adapter)
    except UnknownAdapter:
        return ""
    tables = [getattr(module, name) for name in module.STATUS_MAPS]
    text = json.dumps(tables, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def reparse(adapter: str, body: bytes, number: str) -> TrackingResult:
    """The kept `body` parsed again with today's maps; raises what the parser raises (CarrierError)."""
    result: TrackingResult = module_of(adapter).parse_response(body, number)
    result.answered_by = adapter
    return result
