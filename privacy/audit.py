"""The audit log: who changed settings, keys, webhooks and members, from the dashboard or admin.

A person's requests to the dashboard and admin run "as" them (`ActorMiddleware` sets a context
variable after authentication); saves and deletes of the audited models during such a request
are written to `AuditEntry` by model signals, so every door the dashboard and admin use is covered
without each view remembering to log. Only field names are recorded, never values: a webhook's
secret or an API key's hash never reaches the log. Work without a person (API keys, workers) is not
audited here; commands and the privacy API record their own entries with `record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

from privacy.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    user: Any
    label: str
    source: str


_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any, source: str) -> Iterator[None]:
    """Changes inside this block are audited as this person's (a command, a test)."""
    label = user.get_username() if user is not None else source
    token = _actor.set(Actor(user, label, source))
    try:
        yield
    finally:
        _actor.reset(token)


# Paths whose signed-in requests are a person acting (the project's own URL prefixes).
SOURCES = (("/admin/", "admin"), ("/dashboard/", "dashboard"))


class ActorMiddleware:
    """Runs after AuthenticationMiddleware: a signed-in person's dashboard or admin request acts as them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        source = next((name for prefix, name in SOURCES if request.path.startswith(prefix)), None)
        if source is None or user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(user, source):
            return self.get_response(request)


@dataclass(frozen=True)
class Audited:
    noun: str
    organization: Callable[[Any], Any]
    name: Callable[[Any], str]


# Bookkeeping fields that change without anyone deciding anything.
IGNORED = {"id", "updated_at", "last_used_at", "failing_since", "last_success_at", "created_at", "credit_balance"}

AUDITED: dict[str, Audited] = {
    "accounts.Organization": Audited("settings", lambda o: o, lambda o: o.name),
    "accounts.ApiKey": Audited("api_key", lambda o: o.organization, lambda o: f"{o.prefix}… ({o.mode})"),
    "accounts.Membership": Audited("member", lambda o: o.organization, lambda o: o.user.get_username()),
    "webhooks.Subscription": Audited("webhook", lambda o: o.organization, lambda o: o.url),
    "notifications.NotificationSettings": Audited(
        "notification_settings", lambda o: o.organization, lambda o: f"notifications ({o.mode})"
    ),
    "notifications.MessageTemplate": Audited(
        "message_template", lambda o: o.organization, lambda o: f"{o.channel} template ({o.language})"
    ),
    "privacy.PrivacySettings": Audited("privacy_settings", lambda o: o.organization, lambda o: "privacy settings"),
}


def record(
    action: str,
    *,
    organization: Any = None,
    target: str = "",
    fields: list[str] | None = None,
    detail: str = "",
    source: str | None = None,
    label: str = "",
) -> AuditEntry:
    """Write one entry, as the current actor (or as `label`/`source` when nobody is acting)."""
    actor = _actor.get()
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor.user if actor else None,
        actor_label=(actor.label if actor else label or source or "system")[:150],
        source=(source or (actor.source if actor else "system"))[:20],
        action=action[:40],
        target=target[:200],
        fields=fields or [],
        detail=detail[:300],
    )


def _watched(instance: Model) -> list[str]:
    return [f.attname for f in instance._meta.concrete_fields if f.attname not in IGNORED]


def _before_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _actor.get() is None or instance.pk is None or kwargs.get("raw"):
        return
    names = _watched(instance)
    instance._audit_before = sender._default_manager.filter(pk=instance.pk).values(*names).first()  # type: ignore[attr-defined]


def _after_save(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    if _actor.get() is None or kwargs.get("raw"):
        return
    spec = AUDITED[sender._meta.label]
    if created:
        changed: list[str] = []
    else:
        before = getattr(instance, "_audit_before", None) or {}
        changed = [name for name in _watched(instance) if before.get(name) != getattr(instance, name)]
        if not changed:
            return
    action = f"{spec.noun}.{'created' if created else 'updated'}"
    record(action, organization=spec.organization(instance), target=spec.name(instance), fields=changed)


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _actor.get() is None:
        return
    spec = AUDITED[sender._meta.label]
    organization = spec.organization(instance)
    # Deleting an organization deletes its log with it; the entry then belongs to no organization.
    if sender._meta.label == "accounts.Organization":
        organization = None
    record(f"{spec.noun}.deleted", organization=organization, target=spec.name(instance))


def connect() -> None:
    for label in AUDITED:
        model = apps.get_model(label)
        uid = f"privacy.audit.{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ".pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + ".post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + ".delete")
