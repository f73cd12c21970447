"""Tracking domains: an organization's own host for its public pages (e.g. track.shop.example).

The host is checked against the organizations' settings: a request for a tracking domain serves
only that organization's public pages; every other host is refused as before (ALLOWED_HOSTS, see
config/hosts.py). Links in emails and API answers use the domain, over https (the operator's proxy
terminates TLS for it: docs/operations.md).
"""

from __future__ import annotations

import re
import time

from django.conf import settings

CACHE_SECONDS = 30
HINT = "Use a host name such as track.shop.example (no https://, no path, no port)."
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_LABEL}(\.{_LABEL})+")


def valid_domain(value: str | None) -> str:
    """The host name in lower case when it is one (at least two labels, not an IP), else ""."""
    value = (value or "").strip().lower().rstrip(".")
    if len(value) > 253 or not _HOST.fullmatch(value) or value.replace(".", "").isdigit():
        return ""
    return value


# Each process keeps the map for CACHE_SECONDS (a monotonic clock): links are built for every
# tracker in a webhook batch or an API page, and the organizations' domains change rarely. A
# change shows at once in the process that made it, in the others within CACHE_SECONDS.
_local: dict = {"until": 0.0, "map": {}}


def domain_map() -> dict[str, int]:
    """host -> organization id, for every organization with a tracking domain."""
    now = time.monotonic()
    if _local["until"] > now:
        return _local["map"]
    from accounts.models import Organization

    found = dict(Organization.objects.exclude(tracking_domain="").values_list("tracking_domain", "pk"))
    _local.update(until=now + CACHE_SECONDS, map=found)
    return found


def forget() -> None:
    _local.update(until=0.0, map={})


def organization_for_host(host: str) -> int | None:
    """The organization whose tracking domain `host` is (port ignored), or None."""
    name = host.split(":")[0].lower().rstrip(".")
    if not name or name in {h.lower() for h in settings.STATIC_ALLOWED_HOSTS}:
        return None
    return domain_map().get(name)


def public_base(organization_id: int | None) -> str:
    """Where this organization's public links point: its tracking domain, else PUBLIC_BASE_URL."""
    if organization_id is not None:
        for host, org in domain_map().items():
            if org == organization_id:
                return f"{settings.TRACKING_DOMAIN_SCHEME}://{host}"
    return settings.PUBLIC_BASE_URL
