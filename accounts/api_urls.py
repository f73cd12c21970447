"""This app's /api/v1/ routes."""

urlpatterns: list = []
