"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), recording every message it accepts.

The code under test talks SMTP over a socket exactly as it would to a production relay; a test reads
the messages back (parsed with the standard library) or tells the server to refuse recipients,
permanently (550) or for now (451).
"""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType

from aiosmtpd.controller import Controller


class _Controller(Controller):
    """aiosmtpd's Controller serving a socket bound before it starts.

    The port is ours from the first moment: a port found free and bound a moment later could be
    taken in between by a second suite running at the same time. The ready timeout is generous
    because a loaded machine can take seconds to start the server's thread; it only bounds a hang.
    """

    def __init__(self, handler: _Handler, sock: socket.socket) -> None:
        self._sock = sock
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, ready_timeout=120)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock)


class _Handler:
    def __init__(self, server: LocalSmtp) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.server.refuse
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.server.arrived:
            self.server.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.arrived.notify_all()
        return "250 Message accepted for delivery"


class LocalSmtp:
    """`with LocalSmtp() as smtp:` listening inside the block; `messages` holds what arrived."""

    def __init__(self) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.host, self.port = sock.getsockname()[:2]
        self.refuse = ""  # e.g. "550 5.1.1 No such user" or "451 4.3.0 Try later"
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.arrived = threading.Condition()
        self._controller = _Controller(_Handler(self), sock)

    def __enter__(self) -> LocalSmtp:
        self._controller.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._controller.stop()

    def wait_for(self, count: int, timeout: float = 120) -> list[EmailMessage]:
        """Block until `count` messages arrived (the timeout only bounds a hang); all so far."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)
