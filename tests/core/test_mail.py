"""The development email backend prints what a person reads: a decoded subject and a plain body."""

import io

from django.core.mail import EmailMultiAlternatives

from core.mail import ReadableConsoleBackend


def test_the_console_shows_the_subject_and_body_decoded():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        "Votre colis est livré ✓", "Bonjour,\nvotre colis est arrivé.", "shop@example.com", ["karen@example.com"]
    )
    message.attach_alternative("<p>Bonjour</p>", "text/html")
    ReadableConsoleBackend(stream=stream).send_messages([message])
    out = stream.getvalue()
    assert "Subject: Votre colis est livré ✓" in out
    assert "votre colis est arrivé." in out
    assert "To: karen@example.com" in out
    assert "=?utf-8?" not in out and "(also sent as text/html)" in out
