"""A real HTTP receiver on 127.0.0.1 (threaded http.server), told per test how to answer."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.models import Mode
from webhooks import sending
from webhooks.models import Subscription
from webhooks.signing import generate_secret


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    host: str = "127.0.0.1"
    port: int = 0
    status: int = 200
    delay: float = 0.0
    location: str = ""
    reply: bytes = b"ok"
    requests: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/hooks"

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return self.requests


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # the answer leaves in one segment, as real servers send it

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.arrived:
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body, time.time()))
                receiver.arrived.notify_all()
            if receiver.delay:
                time.sleep(receiver.delay)
            try:
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", str(len(receiver.reply)))
                self.end_headers()
                self.wfile.write(receiver.reply)
            except OSError:
                pass  # the sender gave up (timeout) and closed the connection

        def log_message(self, *args):
            pass

    return Handler


def serve(receiver: Receiver):
    family = socket.AF_INET6 if ":" in receiver.host else socket.AF_INET

    class Server(ThreadingHTTPServer):
        address_family = family
        daemon_threads = True

    server = Server((receiver.host, 0), _handler(receiver))
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server


@pytest.fixture
def receiver():
    rec = Receiver()
    server = serve(rec)
    yield rec
    server.shutdown()
    server.server_close()
    sending._pools.clear()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def hook(acme, receiver) -> Subscription:
    """Acme's test-mode subscription to the receiver, with a generated whsec_ secret."""
    return Subscription.objects.create(organization=acme, mode=Mode.TEST, url=receiver.url, secret=generate_secret())
