"""A real HTTP server on 127.0.0.1 that plays a carrier API from canned responses.

Adapters are exercised end to end (requests, sockets, headers, timeouts) with their base URL
pointed at this server through the `settings` fixture; nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Canned:
    status: int = 200
    body: object = None  # dict/list -> JSON; str/bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: str


class CarrierServer:
    """Routes (method, path) to a queue of canned answers; the last answer repeats."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Canned]] = {}
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                canned = server.take(self.command, parts.path)
                with server.lock:
                    server.requests.append(
                        Recorded(self.command, parts.path, parse_qs(parts.query), dict(self.headers), body)
                    )
                if canned.delay:
                    time.sleep(canned.delay)
                payload = canned.body
                if isinstance(payload, (dict, list)):
                    data = json.dumps(payload).encode()
                    content_type = "application/json"
                elif isinstance(payload, bytes):
                    data, content_type = payload, "application/octet-stream"
                else:
                    data, content_type = str(payload or "").encode(), "text/plain"
                try:
                    self.send_response(canned.status)
                    self.send_header("Content-Type", canned.headers.pop("Content-Type", content_type))
                    for name, value in canned.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            do_GET = do_POST = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, method: str, path: str, *answers: Canned) -> None:
        self.routes.setdefault((method, path), []).extend(answers)

    def take(self, method: str, path: str) -> Canned:
        with self.lock:
            queue = self.routes.get((method, path))
            if not queue:
                return Canned(404, {"error": {"code": "404", "message": f"no route {method} {path}"}})
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            return Canned(answer.status, answer.body, dict(answer.headers), answer.delay)

    def hits(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]


@pytest.fixture
def carrier_server():
    server = CarrierServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def usps_live(settings, carrier_server) -> CarrierServer:
    """USPS configured with test credentials and pointed at the local server."""
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "usps": {"base_url": carrier_server.url, "client_id": "usps-id", "client_secret": "usps-secret"},
    }
    settings.CARRIER_TIMEOUT = 2
    return carrier_server


@pytest.fixture
def ups_live(settings, carrier_server) -> CarrierServer:
    settings.CARRIER_SETTINGS = {
        **settings.CARRIER_SETTINGS,
        "ups": {"base_url": carrier_server.url, "client_id": "ups-id", "client_secret": "ups-secret"},
    }
    settings.CARRIER_TIMEOUT = 2
    return carrier_server
