"""Delivery routes under /api/v1/ (the webhook delivery engine); events are api.urls'."""

from django.urls import path

from webhooks import delivery_api as views

urlpatterns = [
    path("webhooks/<str:public_id>/deliveries", views.SubscriptionDeliveries.as_view(), name="api-webhook-deliveries"),
    path("webhooks/<str:public_id>/test", views.SubscriptionTest.as_view(), name="api-webhook-test"),
    path("deliveries/<str:public_id>", views.DeliveryDetail.as_view(), name="api-delivery"),
    path("deliveries/<str:public_id>/retry", views.DeliveryRetry.as_view(), name="api-delivery-retry"),
]
