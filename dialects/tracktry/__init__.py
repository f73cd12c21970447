"""Tracktry's API at /tracktry/v1: key in `Tracktry-Api-Key`, every answer in
`{"meta": {"code", "type", "message"}, "data": ...}` with Tracktry's meta codes, and trackings
addressed by (carrier_code, tracking_number)."""

from __future__ import annotations

from api.authentication import HeaderKeyAuthentication
from api.dialect import Dialect
from core.errors import ServiceError
from dialects.tracktry.tables import meta_for


def tracktry_error(error: ServiceError) -> dict:
    code, kind = meta_for(error)
    return {"meta": {"code": code, "type": kind, "message": error.message}, "data": {}}


TRACKTRY = Dialect(
    name="tracktry",
    authenticators=lambda: [HeaderKeyAuthentication("Tracktry-Api-Key")],
    render_error=tracktry_error,
    missing_key_message="Send your API key in the Tracktry-Api-Key header.",
    auth_header='Tracktry-Api-Key realm="tracktry"',
)
