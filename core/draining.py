"""How a sending task drains its queue (webhook deliveries, notifications): one loop for both.

Claim a batch, send it, and go on until nothing is due or the time budget is spent. A full first
batch queues one helper task so other workers join in; work left when the budget runs out is
handed to a fresh task. With django-q2's sync mode (tests) the task never queues another.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from django_q.conf import Conf


def drain(
    claim: Callable[[], Sequence[Any]],
    process: Callable[[Any, float], int],
    *,
    batch_size: Callable[[], int],
    due_exists: Callable[[], bool],
    enqueue_more: Callable[[], None],
    seconds: float,
) -> int:
    """How many were sent; `process(batch, deadline)` sends one claimed batch."""
    deadline = time.monotonic() + seconds
    sent = 0
    first = True
    while time.monotonic() < deadline:
        batch = claim()
        if not batch:
            break
        if first and len(batch) >= batch_size() and not Conf.SYNC:
            enqueue_more()  # more is waiting: let another worker help
        first = False
        sent += process(batch, deadline)
    else:
        if due_exists() and not Conf.SYNC:  # budget spent, work left: hand over to a fresh task
            enqueue_more()
    return sent
