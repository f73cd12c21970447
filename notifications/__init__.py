"""Recipient notifications (email and SMS on status changes): a listener of tracker events."""
