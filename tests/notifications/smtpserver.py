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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        self.host = "127.0.0.1"
        self.port = free_port()
        self.refuse = ""  # e.g. "550 5.1.1 No such user" or "451 4.3.0 Try later"
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.arrived = threading.Condition()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    def __enter__(self) -> LocalSmtp:
        self._controller.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._controller.stop()

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)
