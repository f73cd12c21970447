"""The one local HTTP server of the test suite: webhook receivers and carrier APIs alike.

The code under test opens real connections (urllib3 pools, keep-alive, timeouts, TLS errors,
redirects, DNS pinning) and only a real socket exercises all of that. The server listens on
loopback (127.0.0.1, or "::1" for IPv6) on a port the OS picks, so nothing leaves the machine
and parallel test workers never collide.

Tests get it through the `http_server` fixture (tests/conftest.py); a second server, or one on
IPv6, is a `with LocalServer(...) as other:` block. How it answers:

- With no routes, every request gets the default answer, which a test changes through
  `status`, `reply`, `location` and `delay` (a webhook receiver: "200 ok" until told otherwise).
- Once `add(method, path, *answers)` registered a route, requests are answered from the routes
  only (a carrier API): each request takes the next canned answer, the last one repeats, and an
  unknown route is a 404 with a JSON error, as real APIs answer.

Every request is recorded before it is answered (and before any delay), so a test can look at
`requests`, `hits(method, path)`, or block on `wait_for(count)` for senders in other threads.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit


@dataclass
class Canned:
    """One answer. `body`: dict/list -> JSON; str -> text; bytes -> as is; None -> empty."""

    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)  # a "Content-Type" here wins
    # Seconds to hold the answer back, for timeout tests. The wait ends early when the server
    # closes, so a delay far longer than any client timeout costs the run nothing.
    delay: float = 0.0

    def encode(self) -> tuple[bytes, str]:
        """The body's bytes and the Content-Type they imply."""
        if isinstance(self.body, (dict, list)):
            return json.dumps(self.body).encode(), "application/json"
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        return str(self.body or "").encode(), "text/plain"


@dataclass
class Request:
    """One request as it arrived."""

    method: str
    target: str  # the request target as sent: path and query string, e.g. "/hooks?a=1"
    path: str
    query: dict[str, list[str]]  # parse_qs of the query string
    headers: dict[str, str]  # names as the client spelled them
    body: bytes  # raw, so signatures over it can be verified
    at: float  # time.time() on arrival

    @property
    def text(self) -> str:
        return self.body.decode()


class LocalServer:
    """A threaded HTTP/1.1 server; a context manager: listening inside the `with`, gone after."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        # The default answer, for every request while no route is registered.
        self.status = 200
        self.reply: object = b"ok"
        self.location = ""  # sent as the Location header when set (redirect tests)
        self.delay = 0.0
        self.routes: dict[tuple[str, str], list[Canned]] = {}
        self.requests: list[Request] = []
        self.arrived = threading.Condition()  # guards routes and requests; notified on each request
        self.closing = threading.Event()  # set on exit: answers held back by a delay go out at once
        self._httpd = _Server(self)
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, without a trailing slash: `http_server.url + "/hooks"`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.closing.set()
        self._httpd.shutdown()
        # Keep-alive connections would otherwise park their handler threads until the client
        # closes; a pooled client that reuses one sees it dropped and reconnects.
        for connection in list(self._httpd.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()

    def add(self, method: str, path: str, *answers: Canned) -> None:
        """Queue answers for `method path` (path without query); the last one repeats."""
        with self.arrived:
            self.routes.setdefault((method, path), []).extend(answers)

    def hits(self, method: str, path: str) -> list[Request]:
        with self.arrived:
            return [r for r in self.requests if r.method == method and r.path == path]

    def wait_for(self, count: int, timeout: float = 120) -> list[Request]:
        """Block until `count` requests arrived; all requests so far.

        The timeout only bounds a hang (a sender that never comes): on a loaded machine a sender in
        another thread may take seconds, and waiting longer costs nothing when it does arrive.
        """
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def _arrive(self, request: Request) -> Canned:
        """Record the request and choose its answer, in one step."""
        with self.arrived:
            self.requests.append(request)
            self.arrived.notify_all()
            if not self.routes:
                headers = {"Location": self.location} if self.location else {}
                return Canned(self.status, self.reply, headers, self.delay)
            queue = self.routes.get((request.method, request.path))
            if not queue:
                message = f"no route {request.method} {request.path}"
                return Canned(404, {"error": {"code": "404", "message": message}})
            return queue.pop(0) if len(queue) > 1 else queue[0]


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port where connections are refused, for as long as the block lasts.

    The socket stays bound but never listens: the kernel refuses connections to it, and no other
    test or process (a second suite running at the same time) can start listening there meanwhile,
    as it could on a port that was merely free a moment ago.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the webhook sender's connection pool expects
    wbufsize = 1 << 16  # status line, headers and body leave in one write, as real servers send them
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = Request(
            method=self.command,
            target=self.path,
            path=parts.path,
            query=parse_qs(parts.query),
            headers=dict(self.headers.items()),
            body=body,
            at=time.time(),
        )
        answer = self.server.owner._arrive(request)
        if answer.delay:
            self.server.owner.closing.wait(answer.delay)
        data, content_type = answer.encode()
        headers = {"Content-Type": content_type, **answer.headers}
        try:
            self.send_response(answer.status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True  # the client gave up (a timeout test) and hung up

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping through a delay never holds up the test run
    block_on_close = False

    def __init__(self, owner: LocalServer) -> None:
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.address_family = socket.AF_INET6 if ":" in owner.host else socket.AF_INET
        super().__init__((owner.host, 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client that hung up (reset, broken pipe) is part of the tests, not a failure
        super().handle_error(request, client_address)
