"""Email through Django's mail framework: one connection per batch, each message's outcome on its own.

The backend comes from settings (SMTP when EMAIL_HOST is set, the console otherwise), with Django's
own setting names. SMTP answers are sorted into temporary (4xx, connection trouble) and permanent
(5xx for the recipient or the message) failures.
"""

from __future__ import annotations

import smtplib
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME

from notifications.channels import PermanentFailure, TemporaryFailure
from notifications.content import EmailContent


def open_connection() -> BaseEmailBackend:
    """A connection for a batch; opened on the first send, closed by the caller."""
    return get_connection(fail_silently=False)


def sender(organization_name: str) -> str:
    """DEFAULT_FROM_EMAIL's address under the organization's name: recipients know the shop, not us."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((organization_name, address or settings.DEFAULT_FROM_EMAIL))


def message(
    to: str,
    content: EmailContent,
    unsubscribe_url: str,
    message_id: str,
    connection: BaseEmailBackend,
    organization_name: str,
) -> EmailMultiAlternatives:
    msg = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=sender(organization_name),
        to=[to],
        connection=connection,
        headers={
            "Message-ID": message_id,
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    msg.attach_alternative(content.html, "text/html")
    return msg


def new_message_id(public_id: str) -> str:
    # Django's cached host name: make_msgid would otherwise look up the FQDN for every message.
    return make_msgid(idstring=public_id, domain=str(DNS_NAME))


def send(msg: EmailMultiAlternatives) -> None:
    """Send one message on its connection, or raise Temporary/PermanentFailure."""
    try:
        msg.get_connection().open()  # idempotent: keeps one connection for the batch
        msg.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        words = "the server refused the recipient" + (f" ({codes[0]})" if codes else "")
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(f"SMTP: {words}.") from exc
        raise TemporaryFailure(f"SMTP: {words}.") from exc
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, auth, …
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        words = f"SMTP {exc.smtp_code}: {' '.join(text.split())[:200]}"
        if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPAuthenticationError):
            raise PermanentFailure(words) from exc
        raise TemporaryFailure(words) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(f"SMTP: could not send ({exc.__class__.__name__}).") from exc
