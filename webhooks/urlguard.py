"""Which webhook URLs we will call: https (http only where allowed) to public addresses only.

Checked when a subscription is saved and again at send time; `resolve_public` returns the checked
addresses so the sender connects to exactly those (no second lookup that could be rebound).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from core.errors import ServiceError, invalid

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _refuse(message: str) -> ServiceError:
    return invalid("invalid_url", message, "url")


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in ipaddress.ip_network("100.64.0.0/10"))
    )


def check_syntax(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL; raises ServiceError otherwise."""
    if not isinstance(url, str) or not url or len(url) > 500:
        raise _refuse("A webhook URL is required (at most 500 characters).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _refuse("The webhook URL is not a valid URL.") from exc
    if parts.scheme not in ("https", "http"):
        raise _refuse("The webhook URL must start with https://.")
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise _refuse("The webhook URL must use https (plain http is disabled on this server).")
    if not parts.hostname:
        raise _refuse("The webhook URL has no host.")
    if parts.username or parts.password:
        raise _refuse("The webhook URL must not contain credentials.")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolve_public(url: str) -> list[str]:
    """The addresses the URL's host resolves to, all checked; raises ServiceError if any is refused."""
    _, host, port = check_syntax(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _refuse(f"The webhook host '{host}' could not be resolved.") from exc
    # IP families only (AF_INET/AF_INET6): the sockaddr always starts with the address text.
    addresses = sorted({str(info[4][0]) for info in infos})
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        for text in addresses:
            if not is_public(ipaddress.ip_address(text.split("%")[0])):
                raise _refuse(
                    f"The webhook host '{host}' resolves to {text}, a private or reserved address; "
                    "only public addresses can receive webhooks."
                )
    return addresses


def validate_url(url: str) -> None:
    """Everything a subscription's URL must satisfy when it is saved."""
    resolve_public(url)
