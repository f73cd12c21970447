"""Request and response shapes of the native webhooks, events and deliveries API (OpenAPI only)."""

from __future__ import annotations

from rest_framework import serializers

from api.schema import MetaSerializer
from events.models import EventType


class SubscriptionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="https (plain http only where the server allows it)")
    secret = serializers.CharField(
        required=False, allow_blank=True, write_only=True, help_text="Write-only; an empty string clears it"
    )
    enabled = serializers.BooleanField(required=False, default=True)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.values), required=False, help_text="Empty: every event type"
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class WebhookSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="whk_…")
    object = serializers.CharField()
    mode = serializers.ChoiceField(choices=["test", "live"])
    url = serializers.URLField()
    enabled = serializers.BooleanField()
    has_secret = serializers.BooleanField()
    event_types = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    disabled_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WebhookPageSerializer(serializers.Serializer):
    # A declared field named like a Serializer property: DRF's metaclass moves it aside, the property stays.
    data = WebhookSerializer(many=True)  # type: ignore[assignment]
    meta = MetaSerializer()
