"""How a subscription's deliveries look and are signed, per API dialect: a small registry.

A subscription made through a dialect (EasyPost, Packy, …) belongs to it (`Subscription.dialect`)
and its receivers expect that service's body and signature. Dialects sit above this app, so they
register their renderer here from their AppConfig.ready; this app never imports them. The native
renderer (Event.payload, Standard Webhooks headers) serves every subscription whose dialect has
registered nothing, so a delivery always has a shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from events.models import Event
from webhooks import signing

# (secret, message id, unix timestamp, body) -> headers to send.
Signer = Callable[[str, str, int, bytes], dict[str, str]]


@dataclass(frozen=True)
class Renderer:
    render: Callable[[Event], dict]
    sign: Signer = signing.headers
    # Event types a subscription of this dialect hears by default (empty: all).
    event_types: tuple[str, ...] = ()
    # True for an event this format's receivers must not get (nothing they are shown changed).
    suppress: Callable[[Event], bool] | None = None


NATIVE = Renderer(render=Event.payload)
_registry: dict[str, Renderer] = {}


def register(dialect: str, renderer: Renderer) -> None:
    """Called from a dialect's AppConfig.ready; registering the same name again replaces it."""
    _registry[dialect] = renderer


def for_dialect(dialect: str) -> Renderer:
    return _registry.get(dialect, NATIVE) if dialect else NATIVE


def registered() -> tuple[str, ...]:
    return tuple(_registry)
