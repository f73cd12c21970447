"""The renderer registry: a subscription made through a dialect gets that dialect's body and
signature; every other subscription keeps the native ones."""

from __future__ import annotations

import json

from accounts.models import Mode
from trackers import services
from webhooks import renderers
from webhooks.subscriptions import create_subscription


def test_a_dialects_subscription_gets_its_renderer_and_others_stay_native(
    acme, receiver, django_capture_on_commit_callbacks
):
    http_server = receiver
    renderers.register(
        "toy",
        renderers.Renderer(
            render=lambda event: {"toy": event.type},
            sign=lambda secret, msg_id, ts, body: {"X-Toy": f"{secret}:{len(body)}"},
            event_types=("tracker.created",),
        ),
    )
    try:
        toy = create_subscription(acme, Mode.TEST, {"url": http_server.url + "/toy", "secret": "k"}, dialect="toy")
        assert toy.event_types == ["tracker.created"]
        create_subscription(acme, Mode.TEST, {"url": http_server.url + "/native", "secret": "k"})
        with django_capture_on_commit_callbacks(execute=True):
            services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", enqueue=False)
        toy_hits = [r for r in http_server.wait_for(2) if r.path == "/toy"]
        assert [json.loads(r.body) for r in toy_hits] == [{"toy": "tracker.created"}]
        assert toy_hits[0].headers["X-Toy"] == f"k:{len(toy_hits[0].body)}"
        native = [r for r in http_server.requests if r.path == "/native"]
        assert native and json.loads(native[0].body)["object"] == "event" and "webhook-signature" in native[0].headers
    finally:
        renderers._registry.pop("toy", None)


def test_an_unregistered_format_falls_back_to_native():
    assert renderers.for_format("nobody") is renderers.NATIVE
    assert renderers.for_format("native") is renderers.NATIVE
