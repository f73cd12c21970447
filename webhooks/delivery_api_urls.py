"""Event and delivery routes under /api/v1/ (the webhook delivery engine)."""

urlpatterns: list = []
