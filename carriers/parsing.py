"""Small readers every carrier parser shares: carrier JSON is trusted for its shape, never its types.

A field documented as an object may arrive as a string or null, a list may hold junk; parsers read
through these so a surprising body degrades to "no information" instead of an exception.
"""

from __future__ import annotations


def as_dict(value: object) -> dict:
    """`value` when it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def dicts(value: object) -> list[dict]:
    """The objects of a list (anything else in it, or a non-list, is dropped)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def text(value: object) -> str:
    """A carrier string with its white space folded; '' for null or empty."""
    return " ".join(str(value).split()) if value not in (None, "") else ""


def first_match(words: str, table: tuple[tuple[str, str, str], ...]) -> tuple[str, str] | None:
    """(status, detail) of the first keyword row found in `words` (lower case), or None."""
    return next(((status, detail) for key, status, detail in table if key in words), None)


def code(value: object) -> str:
    """A carrier's code for a scan or status (a string or a number), folded; '' for anything else."""
    return text(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
