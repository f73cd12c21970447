"""/api/v1/ routes for webhook subscriptions (deliveries: delivery_api_urls.py; events: api/urls.py)."""

from django.urls import path

from webhooks import api

urlpatterns = [
    path("webhooks", api.SubscriptionListCreate.as_view(), name="api-webhooks"),
    path("webhooks/<str:public_id>", api.SubscriptionDetail.as_view(), name="api-webhook"),
]
