"""How a subscription's deliveries look and are signed, per format: a small registry.

A subscription's `format` is `native` or a dialect's name (EasyPost, Packy, …): its receivers expect
that service's body, event names and signature. Dialects sit above this app, so they register
their renderer here from their AppConfig.ready, keyed by format name; this app never imports them.
The native renderer (Event.payload, Standard Webhooks headers) serves `native`, and any format
whose dialect is not installed, so a delivery always has a shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from events.models import Event
from webhooks import signing
from webhooks.models import NATIVE_FORMAT

# (secret, message id, unix timestamp, body) -> headers to send.
Signer = Callable[[str, str, int, bytes], dict[str, str]]


@dataclass(frozen=True)
class Renderer:
    render: Callable[[Event], dict]
    sign: Signer = signing.headers
    # Event types a subscription of this format hears by default (empty: all).
    event_types: tuple[str, ...] = ()
    # True for an event this format's receivers must not get (nothing they are shown changed).
    suppress: Callable[[Event], bool] | None = None


NATIVE = Renderer(render=Event.payload)
_registry: dict[str, Renderer] = {}


def register(name: str, renderer: Renderer) -> None:
    """Called from a dialect's AppConfig.ready; registering the same name again replaces it."""
    _registry[name] = renderer


def for_format(name: str) -> Renderer:
    return _registry.get(name, NATIVE)


def registered() -> tuple[str, ...]:
    return tuple(_registry)


def formats() -> tuple[str, ...]:
    """Every format a subscription may choose: native first, then the registered ones by name."""
    return (NATIVE_FORMAT, *sorted(name for name in _registry if name != NATIVE_FORMAT))
