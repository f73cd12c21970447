"""Webhook subscription rules (Packy's), shared by the API, the dashboard and the dialects.

https only (plain http where WEBHOOK_ALLOW_HTTP allows it), public addresses only (urlguard), the
secret write-only (callers see `has_secret`), an empty secret clears it, PATCH is partial.

Signed by default: a subscription made through the native API or the dashboard without a secret
gets a generated `whsec_` one (the caller sees it once, in the create answer); an unsigned one is
asked for in so many words (`unsigned: true`). A subscription made through a dialect's own API
takes that dialect's format and that service's rule: no secret given, none made up.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organization, organization_id
from core.errors import FieldError, ServiceError, not_found
from events.models import EventType
from webhooks import headers, renderers
from webhooks.models import NATIVE_FORMAT, Delivery, DeliveryStatus, Subscription
from webhooks.signing import generate_secret
from webhooks.urlguard import validate_url

FIELDS = ("url", "secret", "unsigned", "enabled", "event_types", "description", "format", "custom_headers")
MAX_SUBSCRIPTIONS = 20  # per organization and mode: a fan-out bound, and plenty for real use


def subscriptions_for(
    organization: Organization | int, mode: str, format_name: str | None = None
) -> QuerySet[Subscription]:
    """This organization's and mode's subscriptions; with `format_name`, only those of that format."""
    subs = Subscription.objects.filter(organization_id=organization_id(organization), mode=mode)
    if format_name is not None:
        subs = subs.filter(format=format_name)
    return subs.order_by("-created_at", "-id")


def with_queue(subs: QuerySet[Subscription]) -> QuerySet[Subscription]:
    """The same subscriptions, each with `pending_deliveries` counted in the one query."""
    pending = (
        Delivery.objects.filter(subscription=OuterRef("pk"), status=DeliveryStatus.PENDING)
        .order_by()
        .values("subscription")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return subs.annotate(pending_deliveries=Coalesce(Subquery(pending), 0))


def pending_count(sub: Subscription) -> int:
    """Its deliveries waiting to be sent or retried (annotated by `with_queue`, else counted)."""
    annotated = getattr(sub, "pending_deliveries", None)
    if annotated is not None:
        return annotated
    return Delivery.objects.filter(subscription=sub, status=DeliveryStatus.PENDING).count()


def get_subscription(organization: Organization | int, mode: str, public_id: str) -> Subscription:
    """One subscription of this organization and mode; any other is "not found", never forbidden."""
    sub = subscriptions_for(organization, mode).filter(public_id=public_id).first()
    if sub is None:
        raise not_found("webhook")
    return sub


def _clean(data: dict, *, creating: bool) -> dict:
    """Typed, validated values for the given fields; every problem reported at once."""
    if not isinstance(data, dict):
        raise ServiceError("invalid_body", "Send a JSON object.", 400)
    unknown = sorted(set(data) - set(FIELDS))
    errors = [FieldError(name, "Not a webhook field.") for name in unknown]
    cleaned: dict = {}
    if creating and "url" not in data:
        errors.append(FieldError("url", "A URL is required."))
    if "url" in data:
        url = data["url"].strip() if isinstance(data["url"], str) else data["url"]
        try:
            validate_url(url)
            cleaned["url"] = url
        except ServiceError as exc:
            errors.append(FieldError("url", exc.message))
    if "secret" in data:
        secret = data["secret"]
        if secret is None:
            secret = ""
        if not isinstance(secret, str) or len(secret) > 200:
            errors.append(FieldError("secret", "The secret must be a string of at most 200 characters."))
        else:
            cleaned["secret"] = secret
    if "unsigned" in data:
        if not isinstance(data["unsigned"], bool):
            errors.append(FieldError("unsigned", "Must be true or false."))
        elif data["unsigned"] and cleaned.get("secret"):
            errors.append(FieldError("unsigned", "Send either a secret or unsigned: true, not both."))
        else:
            cleaned["unsigned"] = data["unsigned"]
    if "format" in data:
        allowed = renderers.formats()
        if data["format"] not in allowed:
            errors.append(FieldError("format", f"Unknown format; one of: {', '.join(allowed)}."))
        else:
            cleaned["format"] = data["format"]
    if "custom_headers" in data:
        extra, problems = headers.clean(data["custom_headers"])
        errors.extend(problems)
        if not problems:
            cleaned["custom_headers"] = extra
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            errors.append(FieldError("enabled", "Must be true or false."))
        else:
            cleaned["enabled"] = data["enabled"]
    if "event_types" in data:
        types = data["event_types"] if data["event_types"] is not None else []
        if not isinstance(types, list) or any(t not in EventType.values for t in types):
            errors.append(FieldError("event_types", f"A list of event types from: {', '.join(EventType.values)}."))
        else:
            cleaned["event_types"] = sorted(set(types))
    if "description" in data:
        text = data["description"] or ""
        if not isinstance(text, str) or len(text) > 200:
            errors.append(FieldError("description", "At most 200 characters."))
        else:
            cleaned["description"] = text
    if errors:
        raise ServiceError("invalid_fields", "Some webhook fields are not valid.", 400, errors)
    return cleaned


def create_subscription(organization: Organization, mode: str, data: dict, dialect: str | None = None) -> Subscription:
    """A new subscription; its `secret` attribute holds the secret, to be shown once, now.

    `dialect` names the dialect API it was made through: its format is that dialect's, and a
    missing secret stays missing (that service allows unsigned webhooks). Otherwise `format` comes
    from the data (native by default) and a missing secret is generated unless `unsigned` is true.
    """
    cleaned = _clean(data, creating=True)
    unsigned = cleaned.pop("unsigned", False)
    if dialect is not None:
        cleaned["format"] = dialect
    elif not cleaned.get("secret") and not unsigned:
        cleaned["secret"] = generate_secret()
    cleaned.setdefault("format", NATIVE_FORMAT)
    if "event_types" not in cleaned:
        cleaned["event_types"] = list(renderers.for_format(cleaned["format"]).event_types)
    with transaction.atomic():
        if subscriptions_for(organization, mode).count() >= MAX_SUBSCRIPTIONS:
            raise ServiceError(
                "too_many_webhooks", f"At most {MAX_SUBSCRIPTIONS} webhooks per organization and mode.", 409
            )
        return Subscription.objects.create(organization=organization, mode=mode, **cleaned)


def update_subscription(subscription: Subscription, data: dict) -> Subscription:
    """Partial update; re-enabling clears the reason it was disabled and its failure window.

    `unsigned: true` removes the secret (as an empty `secret` does).
    """
    cleaned = _clean(data, creating=False)
    if cleaned.pop("unsigned", False):
        cleaned["secret"] = ""
    for name, value in cleaned.items():
        setattr(subscription, name, value)
    if cleaned.get("enabled"):
        subscription.disabled_reason = ""
        subscription.failing_since = None
    subscription.updated_at = timezone.now()
    subscription.save()
    return subscription


def delete_subscription(subscription: Subscription) -> None:
    subscription.delete()
