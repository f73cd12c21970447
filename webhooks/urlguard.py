"""Which webhook URLs we will call: https (http only where allowed) to public addresses only.

Checked when a subscription is saved and again at send time; `resolve_public` returns the checked
addresses so the sender connects to exactly those (no second lookup that could be rebound).

At save time a host that does not resolve yet is accepted (DNS can lag behind a deployment, and
the services this platform replaces accept it); a literal refused address, or a host that resolves
to one, is refused. At send time every address is checked again and an unresolvable host is a
failed attempt, retried like any other.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from core.errors import FieldError, ServiceError, invalid

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")  # 6to4 (RFC 3056): bits 16-47 are an IPv4 address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix (RFC 6052): the last 32 bits
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215): never public


class UnresolvableHost(ServiceError):
    """The host has no address right now: refused at send time, tolerated at save time."""


def _refuse(message: str) -> ServiceError:
    return invalid("invalid_url", message, "url")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition address carries (mapped, 6to4, Teredo, NAT64), if any.

    Routers and operating systems deliver these to the embedded IPv4 host, so an address like
    2002:7f00:1:: reaches 127.0.0.1 wherever a 6to4 relay exists.
    """
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]  # (server, client): the client is the host behind the tunnel
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL:
            return False
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in _SHARED)
    )


# The ports webhooks use: the web's own, and the unprivileged range a receiver may listen on.
WEB_PORTS = frozenset({80, 443, 8443})
# Unprivileged ports that belong to databases, caches, brokers and cluster control planes: a webhook
# aimed at one of them is an attempt to talk to a service, not a receiver.
SERVICE_PORTS = frozenset(
    {
        1433,  # SQL Server
        1521,  # Oracle
        1883,  # MQTT
        2049,  # NFS
        2375,  # Docker API
        2376,  # Docker API over TLS
        2379,  # etcd
        2380,  # etcd peers
        3306,  # MySQL, MariaDB
        4222,  # NATS
        5432,  # PostgreSQL
        5672,  # AMQP (RabbitMQ)
        5984,  # CouchDB
        6379,  # Redis
        6443,  # Kubernetes API
        8086,  # InfluxDB
        8500,  # Consul
        9042,  # Cassandra
        9092,  # Kafka
        9200,  # Elasticsearch
        9300,  # Elasticsearch nodes
        10250,  # kubelet
        11211,  # memcached
        15672,  # RabbitMQ management
        27017,  # MongoDB
    }
)


def _allowed_port(port: int) -> bool:
    """WEBHOOK_ALLOWED_PORTS when set; else any port with WEBHOOK_ANY_PORT, or where private addresses
    are allowed (development: every local service is reachable anyway); else the default policy."""
    allowed = settings.WEBHOOK_ALLOWED_PORTS
    if allowed:
        return port in allowed
    if settings.WEBHOOK_ANY_PORT or settings.WEBHOOK_ALLOW_PRIVATE:
        return 0 < port < 65536
    return port in WEB_PORTS or (port > 1024 and port not in SERVICE_PORTS)


def _allowed_ports_text() -> str:
    allowed = settings.WEBHOOK_ALLOWED_PORTS
    if allowed:
        return ", ".join(str(p) for p in sorted(allowed))
    if settings.WEBHOOK_ANY_PORT or settings.WEBHOOK_ALLOW_PRIVATE:
        return "1 to 65535"
    return "80, 443, 8443, and 1025 to 65535 except database, cache and broker ports"


def check_syntax(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL; raises ServiceError otherwise."""
    if not isinstance(url, str) or not url or len(url) > 500:
        raise _refuse("A webhook URL is required (at most 500 characters).")
    try:
        parts = urlsplit(url)
        explicit_port = parts.port
    except ValueError as exc:
        raise _refuse("The webhook URL is not a valid URL (check the host and the port, 1 to 65535).") from exc
    if parts.scheme not in ("https", "http"):
        raise _refuse("The webhook URL must start with https://.")
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise _refuse("The webhook URL must use https (plain http is disabled on this server).")
    if not parts.hostname:
        raise _refuse("The webhook URL has no host.")
    # "https://:@host/" has an empty user and password but still a credentials part: refuse any '@'.
    if "@" in parts.netloc:
        raise _refuse("The webhook URL must not contain credentials (user:password@).")
    port = explicit_port if explicit_port is not None else (443 if parts.scheme == "https" else 80)
    if not _allowed_port(port):
        raise _refuse(
            f"The webhook URL's port {port} is not allowed on this server (allowed: {_allowed_ports_text()})."
        )
    return parts.scheme, parts.hostname, port


def _check_address(host: str, text: str) -> None:
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return
    if not is_public(ipaddress.ip_address(text.split("%")[0])):
        raise _refuse(
            f"The webhook host '{host}' resolves to {text}, a private or reserved address; "
            "only public addresses can receive webhooks."
        )


def resolve_public(url: str) -> list[str]:
    """The addresses the URL's host resolves to, all checked; raises ServiceError if any is refused."""
    _, host, port = check_syntax(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        message = f"The webhook host '{host}' could not be resolved."
        raise UnresolvableHost("invalid_url", message, errors=[FieldError("url", message)]) from exc
    # IP families only (AF_INET/AF_INET6): the sockaddr always starts with the address text.
    addresses = sorted({str(info[4][0]) for info in infos})
    for text in addresses:
        _check_address(host, text)
    return addresses


def validate_url(url: str) -> None:
    """Everything a subscription's URL must satisfy when it is saved.

    A literal address is checked as it is; a name that resolves is checked by what it resolves to;
    a name that does not resolve (yet) is accepted and checked again at every send.
    """
    try:
        resolve_public(url)
    except UnresolvableHost:
        return
