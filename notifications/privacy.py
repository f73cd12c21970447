"""Recipients' addresses, masked: what logs, pages, admin and errors show instead of the address."""

from __future__ import annotations


def mask_email(address: str) -> str:
    """k•••@example.com: enough for support to recognise, not enough to write to."""
    local, _, domain = address.partition("@")
    if not domain:
        return "•••"
    return f"{local[:1]}•••@{domain}"


def mask_phone(number: str) -> str:
    """+86•••••••8545: the country code's start and the last four digits."""
    if len(number) <= 6:
        return "•••"
    return f"{number[:3]}{'•' * (len(number) - 7)}{number[-4:]}"


def mask(channel: str, recipient: str) -> str:
    return mask_email(recipient) if channel == "email" else mask_phone(recipient)


def scrub(text: str, recipient: str, channel: str) -> str:
    """An error message with the recipient's address replaced by its mask (providers quote it)."""
    if recipient and recipient in text:
        text = text.replace(recipient, mask(channel, recipient))
    return text
