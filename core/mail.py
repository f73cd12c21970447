"""The development email backend: each message printed as a person reads it.

Django's console backend prints the raw MIME message: a subject with an accent or an emoji is
RFC 2047-encoded (`=?utf-8?q?...?=`) and the body may be quoted-printable or base64. Here the
headers that matter and the plain-text body are printed decoded, so the emails `make run` sends
can be read in the worker's console.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

RULE = "-" * 79


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message) -> None:
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            *([f"Cc: {', '.join(message.cc)}"] if message.cc else []),
            *([f"Reply-To: {', '.join(message.reply_to)}"] if message.reply_to else []),
            f"Subject: {message.subject}",
            "",
            str(message.body),
        ]
        alternatives = [mimetype for _content, mimetype in getattr(message, "alternatives", [])]
        if alternatives:
            lines += ["", f"(also sent as {', '.join(alternatives)})"]
        self.stream.write("\n".join(lines) + "\n" + RULE + "\n")
