"""Packy deliveries: its tracking shape, signed with the subscription's secret by the standard
signer (webhooks.signing: `webhook-id`, `webhook-timestamp`, `webhook-signature`)."""

from __future__ import annotations

from dialects.packy import representation
from webhooks import renderers

DIALECT = "packy"


def register() -> None:
    renderers.register(DIALECT, renderers.Renderer(render=representation.delivery))
