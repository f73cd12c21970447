"""Event and delivery routes under /api/v1/ (the webhook delivery engine)."""

from django.urls import path

from webhooks import delivery_api as views

urlpatterns = [
    path("events", views.EventList.as_view(), name="api-events"),
    path("events/<str:public_id>", views.EventDetail.as_view(), name="api-event"),
    path("webhooks/<str:public_id>/deliveries", views.SubscriptionDeliveries.as_view(), name="api-webhook-deliveries"),
    path("webhooks/<str:public_id>/test", views.SubscriptionTest.as_view(), name="api-webhook-test"),
    path("deliveries/<str:public_id>", views.DeliveryDetail.as_view(), name="api-delivery"),
    path("deliveries/<str:public_id>/retry", views.DeliveryRetry.as_view(), name="api-delivery-retry"),
]
