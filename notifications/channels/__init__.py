"""The two ways a notification leaves: email (Django's mail framework) and SMS (a small backend).

Both report failure with the same two exceptions, so the sender decides retry or not in one place.
"""

from __future__ import annotations


class SendFailure(Exception):
    """Sending did not work; `message` says why in words safe to log (no unmasked address)."""

    temporary = True
    # The recipient refused this channel (e.g. replied STOP to SMS): stop it for the tracker too.
    opted_out = False

    def __init__(self, message: str, *, opted_out: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.opted_out = opted_out


class TemporaryFailure(SendFailure):
    """Worth another try later: the server was down, busy, slow or said 4xx."""


class PermanentFailure(SendFailure):
    """Trying again cannot help: the address or number is refused."""

    temporary = False
