"""What every dashboard form shares: showing a service's error where the person will see it."""

from __future__ import annotations

from django import forms

from core.errors import ServiceError


class ServiceErrorForm(forms.Form):
    """A form whose submission is checked by a service: its ServiceError lands on the named fields."""

    def add_service_error(self, exc: ServiceError) -> None:
        placed = False
        for error in exc.errors:
            if error.field in self.fields:
                self.add_error(error.field, error.message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)
