"""SMS behind a small interface: `send(to, body) -> provider message id`, two implementations.

- console: prints the message (development; the number is masked like everywhere else);
- twilio: Twilio's Messages API, `POST {TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/Messages.json`
  with form fields To, From, Body and HTTP Basic auth (account SID, auth token).

The official `twilio` package is not used: its API host is fixed in each generated domain class
(`https://api.twilio.com`; region and edge only change the host name within twilio.com), so tests
and staging could not point it at another server without patching an attribute, and it brings
aiohttp along. One request through the project's outbound HTTP seam (timeouts, no redirects to
another host, typed errors) is all that sending needs.
"""

from __future__ import annotations

import json
import sys
from typing import Protocol

from django.conf import settings

from carriers import http
from carriers.base import CarrierError
from notifications.channels import PermanentFailure, TemporaryFailure
from notifications.privacy import mask_phone, scrub

# Twilio error 21610: the recipient replied STOP; sending again is refused until they reply START.
TWILIO_UNSUBSCRIBED = 21610


class SmsBackend(Protocol):
    def send(self, to: str, body: str) -> str: ...


class ConsoleSms:
    """Writes each message to standard output, like Django's console email backend."""

    counter = 0

    def send(self, to: str, body: str) -> str:
        ConsoleSms.counter += 1
        sys.stdout.write(f"SMS to {mask_phone(to)}\n{body}\n{'-' * 79}\n")
        sys.stdout.flush()
        return f"console-{ConsoleSms.counter}"


class TwilioSms:
    def __init__(self, account_sid: str, auth_token: str, sender: str, base_url: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sender = sender
        self.base_url = base_url.rstrip("/")

    def url(self) -> str:
        return f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def form(self, to: str, body: str) -> dict[str, str]:
        """A sender starting with MG is a Messaging Service (Twilio picks the number from its pool)."""
        sender = {"MessagingServiceSid": self.sender} if self.sender.startswith("MG") else {"From": self.sender}
        return {"To": to, **sender, "Body": body}

    def send(self, to: str, body: str) -> str:
        try:
            answer = http.send(
                "POST",
                self.url(),
                carrier="Twilio",
                data=self.form(to, body),
                auth=(self.account_sid, self.auth_token),
                accept=(400,),
                expect_json=False,
            )
        except CarrierError as exc:  # timeouts, 5xx, 429, 401/403: worth another try later
            raise TemporaryFailure(scrub(str(exc), to, "sms")) from exc
        try:
            data = json.loads(answer.text or "{}")
        except ValueError:
            data = {}
        if answer.status == 400 or not isinstance(data, dict):
            data = data if isinstance(data, dict) else {}
            code = data.get("code")
            words = scrub(str(data.get("message") or "request refused"), to, "sms")
            raise PermanentFailure(f"Twilio {code or 400}: {words}"[:300], opted_out=code == TWILIO_UNSUBSCRIBED)
        sid = data.get("sid")
        if not sid:
            raise TemporaryFailure("Twilio answered without a message sid.")
        return str(sid)


def backend() -> SmsBackend:
    """Twilio when its credentials are set (or SMS_BACKEND says so), else the console."""
    config = settings.TWILIO
    choice = settings.SMS_BACKEND or ("twilio" if config["account_sid"] else "console")
    if choice == "twilio":
        return TwilioSms(config["account_sid"], config["auth_token"], config["from"], config["api_base"])
    return ConsoleSms()
