"""The scheduled refit (predictions.schedule): every organization and mode with history."""

from __future__ import annotations

import logging

from predictions import store
from predictions.models import DeliveryRecord

log = logging.getLogger(__name__)


def refit_all() -> int:
    """Refit each scope's model; one scope's failure is logged and does not stop the others."""
    done = 0
    scopes = DeliveryRecord.objects.order_by().values_list("organization_id", "mode").distinct()
    for organization_id, mode in list(scopes):
        try:
            store.refit(organization_id, mode)
            done += 1
        except Exception:
            log.exception("refit failed for organization %s (%s)", organization_id, mode)
    return done
