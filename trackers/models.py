"""Trackers and their normalized carrier events (one row per scan, never a JSON blob)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from accounts.domains import public_base
from accounts.models import Mode, Organization
from carriers.statuses import EXCEPTION_DETAILS, EXCEPTION_STATUSES, Status
from core.ids import HexFormField, PublicIdField, random_string
from trackers.staleness import Staleness


def new_public_token() -> str:
    return random_string(32)


# Trackers that need a person (the overview's exceptions queue). Sorted, so the SQL is the same
# in every process and matches the partial index built from it.
EXCEPTIONS = Q(status__in=sorted(EXCEPTION_STATUSES)) | Q(status_detail__in=sorted(EXCEPTION_DETAILS))


class Tracker(models.Model):
    public_id = PublicIdField(prefix="trk")
    # The same identity as 32 hex digits, for the dialects whose ids look so (Packy, Tracktry).
    hex_id = HexFormField()
    # No index of its own: every index below starts with the organization (each index
    # costs every refresh's update of the row).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="trackers", db_index=False)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    tracking_number = models.CharField(max_length=64)
    courier = models.CharField(max_length=40)
    courier_detected = models.BooleanField(default=False)
    # How many times the courier was corrected (trackers/services/correcting.py, CARRIER_CHANGE_LIMIT).
    courier_changes = models.PositiveSmallIntegerField(default=0)

    status = models.CharField(max_length=24, choices=Status.choices, default=Status.UNKNOWN)
    status_detail = models.CharField(max_length=40, blank=True)
    est_delivery_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)

    # The predicted delivery (predictions.model, set by trackers/predicting.py at every refresh):
    # kept on the row so every read of a tracker, lists included, has it without another query.
    edd_date = models.DateField(null=True, blank=True)
    edd_earliest = models.DateField(null=True, blank=True)
    edd_latest = models.DateField(null=True, blank=True)
    edd_confidence = models.CharField(max_length=6, blank=True)
    edd_basis = models.CharField(max_length=8, blank=True)
    edd_updated_at = models.DateTimeField(null=True, blank=True)
    # The first `latest` shown (what "on time" is judged against) and the carrier's first estimate.
    edd_first_latest = models.DateField(null=True, blank=True)
    edd_carrier_first = models.DateField(null=True, blank=True)

    # Refresh bookkeeping: null next_refresh_at means "never again".
    active = models.BooleanField(default=True)
    next_refresh_at = models.DateTimeField(null=True, blank=True)
    last_refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # Why the tracker is late or stopped (trackers/staleness.py); empty while on its cadence.
    staleness_reason = models.CharField(max_length=24, choices=Staleness.choices, blank=True, default="")

    # Shipment details from the carrier, kept where it gives them.
    signed_by = models.CharField(max_length=200, blank=True)
    weight = models.FloatField(null=True, blank=True)
    weight_unit = models.CharField(max_length=10, blank=True)
    service = models.CharField(max_length=100, blank=True)

    public_token = models.CharField(max_length=40, unique=True, default=new_public_token, editable=False)
    metadata = models.JSONField(default=dict, blank=True)

    # Order and customer fields (Tracktry's).
    title = models.CharField(max_length=200, blank=True)
    order_id = models.CharField(max_length=100, blank=True)
    order_created_at = models.DateTimeField(null=True, blank=True)
    customer_name = models.CharField(max_length=200, blank=True)
    customer_email = models.EmailField(blank=True)
    customer_phone = models.CharField(max_length=40, blank=True)
    destination_country = models.CharField(max_length=2, blank=True)
    destination_postal_code = models.CharField(max_length=20, blank=True)
    ship_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    comment = models.TextField(blank=True, max_length=5000)
    # Tracktry's remaining optional fields: stored as given, shown by every API.
    destination_code = models.CharField(max_length=10, blank=True, help_text="Destination carrier code")
    logistics_channel = models.CharField(max_length=100, blank=True)
    tracking_account_number = models.CharField(max_length=100, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Keyset pagination of lists, newest first, per organization and mode.
            models.Index(fields=["organization", "mode", "-created_at", "-id"], name="tracker_list"),
            models.Index(fields=["organization", "mode", "status"], name="tracker_status"),
            # Lookup by number, and live deduplication on (courier, number).
            models.Index(fields=["organization", "mode", "tracking_number", "courier"], name="tracker_number"),
            models.Index(fields=["organization", "mode", "order_id"], name="tracker_order"),
            models.Index(fields=["organization", "mode", "last_event_at"], name="tracker_last_event"),
            # The overview's exceptions queue (trackers/overview.py), newest change first. Its
            # predicate is EXCEPTIONS itself, so the planner matches the partial index.
            models.Index(
                fields=["organization", "mode", "-updated_at"], condition=EXCEPTIONS, name="tracker_exceptions"
            ),
            # The scheduler's scan: only active trackers with a due time.
            models.Index(
                fields=["next_refresh_at"],
                name="tracker_due",
                condition=Q(active=True, next_refresh_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} ({self.courier})"

    @property
    def public_url(self) -> str:
        before, after = public_link_parts(self.organization_id)
        return before + self.public_token + after


_SLOT = "0slot0"  # where the token goes


def public_link_parts(organization_id: int | None = None) -> tuple[str, str]:
    """(everything before a tracker's token, everything after) in its public link.

    Reading the request's URL configuration and script prefix (context-local values) cost more
    than the rest of a link; a list or a batch reads them once and passes these parts on
    (representation.tracker_dicts).
    """
    prefix, suffix = _public_path(get_urlconf(), get_script_prefix())
    return public_base(organization_id) + prefix, suffix


@lru_cache(maxsize=16)
def _public_path(urlconf: str | None, script_prefix: str) -> tuple[str, str]:
    """The public page's path around its token, resolved once per URL configuration (and script prefix,
    which reverse() puts in front).

    A list of trackers or a refresh batch builds one link per tracker; `reverse()` for each cost
    about a tenth of such a request. Tokens are plain base62, so putting one in the slot is exact.
    """
    before, _, after = reverse("public-tracker", args=[_SLOT], urlconf=urlconf).partition(_SLOT)
    return before, after


class CurrentEvents(models.Manager["TrackingEvent"]):
    """The events of the courier a tracker names now: what status, timelines and every API read.

    It is the default manager, so `tracker.events` and every reader hides the events of a courier
    the tracker was corrected away from (trackers/services/correcting.py); `TrackingEvent.history`
    holds them all, for the dashboard's timeline that shows them marked.
    """

    def get_queryset(self) -> models.QuerySet[TrackingEvent]:
        return super().get_queryset().filter(superseded_at__isnull=True)


class AllEvents(models.Manager["TrackingEvent"]):
    """Every event, superseded ones included: `TrackingEvent.history`."""


class TrackingEvent(models.Model):
    # Indexed by the timeline and the fingerprint constraint, which both start with it.
    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="events", db_index=False)
    occurred_at = models.DateTimeField(help_text="UTC")
    time_zone = models.CharField(max_length=64, null=True, blank=True, help_text="IANA zone of the location")
    status = models.CharField(max_length=24, choices=Status.choices)
    status_detail = models.CharField(max_length=40, blank=True)
    message = models.CharField(max_length=500, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)
    courier = models.CharField(max_length=40, blank=True)
    fingerprint = models.CharField(max_length=40)
    raw = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the tracker's courier was changed: the scan is kept as history but no longer counts.
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentEvents()
    history = AllEvents()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["tracker", "fingerprint"], name="event_unique_fingerprint")]
        indexes = [models.Index(fields=["tracker", "-occurred_at"], name="event_timeline")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.status} {self.message}"


class ImportJob(models.Model):
    """A CSV upload of trackers, processed in the background; its rows say what became of each line."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    public_id = PublicIdField(prefix="imp")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_jobs")
    mode = models.CharField(max_length=4, choices=Mode.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    # The validated rows as CSV text; kept so a worker restart can pick the job up again.
    source = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    deduplicated_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "mode", "-created_at"], name="import_list")]

    def __str__(self) -> str:
        return f"{self.public_id} {self.filename} ({self.state})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ImportRow(models.Model):
    """The outcome of one CSV line: created, deduplicated (live mode) or refused, and why."""

    class Outcome(models.TextChoices):
        CREATED = "created", "Created"
        DEDUPLICATED = "deduplicated", "Deduplicated"
        REFUSED = "refused", "Refused"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text="Line number in the file, header = 1")
    tracking_number = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    message = models.CharField(max_length=500, blank=True)
    tracker_public_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["line"]
        indexes = [models.Index(fields=["job", "outcome", "line"], name="import_row_outcome")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.outcome}"


class TrackerTally(models.Model):
    """Signed deltas of how many trackers an organization has per status, and its deliveries.

    Written only by database triggers on trackers_tracker (trackers/tally.py), so every write
    path (services, bulk refresh statements, COPY, admin, cascades) keeps it exact; never
    written by Python except `tally.compact`, which folds the deltas into one row per key.
    Insert-only between compactions, so concurrent writers never wait on a shared counter row.
    The overview reads its counts and charts here instead of scanning every tracker.
    """

    # No foreign key: a cascade deleting an organization's trackers writes deltas for it
    # while it is being deleted; compaction drops rows of organizations that are gone.
    organization_id = models.BigIntegerField()
    mode = models.CharField(max_length=4)
    status = models.CharField(max_length=24)
    # Set only for delivered trackers with a delivery time ('' and null otherwise), so a
    # key is (status) for every other tracker and (courier, UTC day) for deliveries.
    courier = models.CharField(max_length=40, blank=True)
    delivered_on = models.DateField(null=True)
    trackers = models.BigIntegerField()
    # Sum of (delivered_at - created_at) in milliseconds over the key's delivered trackers.
    transit_ms = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organization_id", "mode", "status"], name="tally_scope")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.mode}/{self.status}: {self.trackers:+d}"


class CarrierWindow(models.Model):
    """Requests counted on a carrier account in one window (core/counters.py), when Redis is not used.

    `ident` is "account:period"; `bucket` the window's start in epoch seconds.
    """

    ident = models.CharField(max_length=120)
    bucket = models.BigIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ident", "bucket"], name="carrier_window_unique")]

    def __str__(self) -> str:
        return f"{self.ident}@{self.bucket}: {self.count}"


class CarrierAccount(models.Model):
    """What every worker must know of one carrier account: a pause (429) and its circuit (5xx).

    One row per account, written only when something goes wrong or recovers (trackers/throttle.py).
    """

    account = models.CharField(max_length=120, unique=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    # Consecutive failures (5xx, timeouts) since the last answer; at the threshold the circuit opens.
    failures = models.PositiveIntegerField(default=0)
    circuit_open_until = models.DateTimeField(null=True, blank=True)
    # How many times in a row the circuit opened (its pause doubles each time).
    circuit_opens = models.PositiveIntegerField(default=0)
    # While a probe is out, the time it may last; other workers wait for its answer.
    probe_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.account


# The exception queue's case and notes (trackers/casework/models.py) belong to this app.
from trackers.bulk_models import BulkJob  # noqa: E402, F401
from trackers.casework.models import Case, CaseNote  # noqa: E402, F401
from trackers.tag_models import TrackerTag  # noqa: E402, F401
from trackers.view_models import SavedView  # noqa: E402, F401
