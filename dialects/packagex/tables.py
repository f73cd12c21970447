"""PackageX's status words as data: its nine final statuses (seed 000) from our (status, detail)
pair, as DESIGN.md tables them; before a final one, the status is our word."""

from __future__ import annotations

from carriers.statuses import PACKAGEX_FINAL

FINAL: dict[tuple[str, str], str] = {(str(s), str(d)): word for word, (s, d) in PACKAGEX_FINAL.items()}


def final_status(status: str, detail: str) -> str | None:
    return FINAL.get((status, detail))


def status(value: str, detail: str) -> str:
    return final_status(value, detail) or value
