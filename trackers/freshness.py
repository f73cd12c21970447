"""How fresh trackers are, in words and per carrier account: what the dashboard shows an operator.

`describe` says of one tracker when its carrier was last asked, when it will be next, and why it
is late or stopped. `carrier_panel` says, per budgeted carrier account, how much of its budget is
used, how many of the organization's trackers are within their cadence, the most overdue one,
and the state of the account's circuit. Budgets and circuits are the installation's; tracker
counts are the organization's own (another organization's volume is none of its business).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from accounts.models import Mode
from carriers import budgets
from trackers import throttle
from trackers.budget_claims import budgeted_couriers
from trackers.models import Tracker
from trackers.staleness import STOPPED, Staleness

# A tracker whose next check is this far past is late (claims run every minute; a batch takes a while).
GRACE = timedelta(minutes=5)


@dataclass
class Freshness:
    checked: str  # "checked 12 minutes ago" / "never checked"
    next: str  # "next check in 3 hours" / "next check now" / "no further checks"
    reason: str  # the staleness reason's words, "" when on cadence
    code: str  # the staleness reason itself

    def __str__(self) -> str:
        return "; ".join(part for part in (self.checked, self.next) if part)


def describe(tracker: Tracker, now: datetime | None = None) -> Freshness:
    now = now or timezone.now()
    checked = (
        f"checked {timesince(tracker.last_refreshed_at, now)} ago" if tracker.last_refreshed_at else "never checked"
    )
    if not tracker.active or tracker.next_refresh_at is None:
        upcoming = "no further checks"
    elif tracker.next_refresh_at <= now:
        upcoming = "next check now"
    else:
        upcoming = f"next check in {timeuntil(tracker.next_refresh_at, now)}"
    code = tracker.staleness_reason
    if not code and tracker.active and tracker.next_refresh_at and tracker.next_refresh_at < now - GRACE:
        code = Staleness.CARRIER_BUDGET if tracker.mode == Mode.LIVE else ""
    if not code and tracker.next_refresh_at is None:
        code = Staleness.EXPIRED if not tracker.active else Staleness.COMPLETED
    return Freshness(checked, upcoming, str(Staleness(code).label) if code else "", code)


@dataclass
class AccountRow:
    account: str
    limits: list[tuple[str, int, int]] = field(default_factory=list)  # (limit, used, count)
    active: int = 0
    within_cadence: int = 0
    oldest_overdue: Tracker | None = None
    circuit: str = "closed"
    paused_until: datetime | None = None
    last_error: str = ""

    @property
    def share_within(self) -> int:
        return round(100 * self.within_cadence / self.active) if self.active else 100


def carrier_panel(organization_id: int, now: datetime | None = None) -> list[AccountRow]:
    now = now or timezone.now()
    accounts = budgeted_couriers()
    states = throttle.states(set(accounts))
    rows = []
    for account, codes in sorted(accounts.items()):
        row = AccountRow(account)
        for limit in budgets.limits(account):
            row.limits.append((str(limit), throttle.used(account, limit, now), limit.count))
        scope = Tracker.objects.filter(organization_id=organization_id, mode=Mode.LIVE, active=True, courier__in=codes)
        late = Q(next_refresh_at__lt=now - GRACE)
        tally = scope.aggregate(active=Count("pk"), late=Count("pk", filter=late), oldest=Min("next_refresh_at"))
        row.active, row.within_cadence = tally["active"], tally["active"] - tally["late"]
        if tally["late"]:
            row.oldest_overdue = scope.filter(late).order_by("next_refresh_at").first()
        state = states.get(account)
        row.circuit = throttle.circuit_state(state, now)
        if state is not None:
            row.paused_until = state.paused_until if state.paused_until and state.paused_until > now else None
            row.last_error = state.last_error
        rows.append(row)
    return rows


__all__ = ["STOPPED", "AccountRow", "Freshness", "carrier_panel", "describe"]
