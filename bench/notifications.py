"""Milestone emails through the real path, beside plain send_mail calls to the same SMTP server (-n N, default 10,000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_notifications .venv/bin/python bench/notifications.py

The project's path is what production runs: N trackers with a customer email (seeded with COPY)
change status, written as `tracker.updated` events by the outbox (emit_many) in batches of 200 per
transaction as a refresh writes them; the notifications listener inserts one row per milestone in
the same transaction; then the sending task (`notifications.tasks.send_due`, the django-q2 job's
own body, run in this process as one worker) claims batches under a lease, marks each row before
its send, renders both parts in the tracker's language and sends them over one SMTP connection
per batch, and records each outcome. The clock runs from the first event to the last message
accepted by the server.

Baselines, same run, same server: N plain `django.core.mail.send_mail` calls (what a naive
implementation does: one connection per message), and the same N messages over one connection
(`send_messages`, the floor of what SMTP allows). The SMTP server (aiosmtpd) runs in its own
process on 127.0.0.1 and only counts what it accepts. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after ROOT: bench/notifications.py must not shadow the app
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def smtp_process(port: int, count, ready, stop) -> None:
    """An aiosmtpd server that counts accepted messages (its own process: no shared GIL)."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class Smtp:
    def __init__(self) -> None:
        from common import free_port

        ctx = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.count = ctx.Value("i", 0)
        self.ready, self.stop = ctx.Event(), ctx.Event()
        self.process = ctx.Process(target=smtp_process, args=(self.port, self.count, self.ready, self.stop))

    def __enter__(self) -> Smtp:
        self.process.start()
        if not self.ready.wait(20):
            raise SystemExit("the SMTP server did not start")
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.process.join(10)

    def received(self) -> int:
        return self.count.value

    def wait_for(self, n: int, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.received() >= n:
                return True
            time.sleep(0.01)
        return False


def configure(port: int) -> None:
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.DEFAULT_FROM_EMAIL = "Bench <bench@example.com>"


def seed(n: int, prefix: str):
    """N fresh trackers in one new organization, in transit, each with a customer email."""
    from common import seed_trackers

    from accounts.models import Organization
    from trackers.models import Tracker

    org = Organization.objects.create(slug=f"bench-ntf-{int(time.time())}", name="Bench Shop", brand_color="#0b5fff")
    seed_trackers(org, "test", n, events_per_tracker=1, number_prefix=prefix)
    Tracker.objects.filter(organization=org).update(status="in_transit", status_detail="arrived_at_facility")
    return org


def project(org, n: int, smtp: Smtp) -> dict:
    """Write N status changes as a refresh would, then send with the task until nothing is due."""
    from django.db import transaction

    from events.outbox import emit_many
    from notifications import tasks
    from notifications.models import Notification
    from trackers import notices
    from trackers.models import Tracker

    trackers = list(Tracker.objects.filter(organization=org).order_by("pk"))
    start_count = smtp.received()
    started = time.perf_counter()
    for i in range(0, len(trackers), 200):
        chunk = trackers[i : i + 200]
        with transaction.atomic():
            for t in chunk:
                t.status, t.status_detail = "out_for_delivery", "out_for_delivery"
            Tracker.objects.bulk_update(chunk, ["status", "status_detail"])
            emit_many(
                [
                    notices.updated(t, {"status": "in_transit", "status_detail": "arrived_at_facility"}, [])
                    for t in chunk
                ]
            )
    rows = Notification.objects.filter(organization=org).count()
    sent = 0
    while True:
        done = tasks.send_due(max_seconds=60)
        sent += done
        if not done:
            break
    if not smtp.wait_for(start_count + n):
        raise SystemExit(f"only {smtp.received() - start_count} of {n} messages arrived")
    finished = time.perf_counter()
    return {
        "rows": rows,
        "sent": sent,
        "total_s": finished - started,
    }


def plain_send_mail(n: int, smtp: Smtp) -> float:
    from django.core.mail import send_mail

    start_count = smtp.received()
    started = time.perf_counter()
    for i in range(n):
        send_mail(
            "Out for delivery: your parcel from Bench Shop",
            f"Your parcel is out for delivery. http://127.0.0.1:8000/t/{i:032d}/",
            None,
            [f"c{i}@example.com"],
        )
    smtp.wait_for(start_count + n)
    return time.perf_counter() - started


def one_connection(n: int, smtp: Smtp) -> float:
    from django.core.mail import EmailMessage, get_connection

    start_count = smtp.received()
    started = time.perf_counter()
    with get_connection() as connection:
        for i in range(n):
            msg = EmailMessage(
                "Out for delivery: your parcel from Bench Shop",
                f"Your parcel is out for delivery. http://127.0.0.1:8000/t/{i:032d}/",
                None,
                [f"c{i}@example.com"],
                connection=connection,
            )
            msg.send()
    smtp.wait_for(start_count + n)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print where the project's path spends its time")
    args = parser.parse_args()
    from common import bench_database_url, setup_django

    url = bench_database_url("bench_notifications")
    setup_django(url)
    from django_q.conf import Conf

    # The listener's on_commit kick runs the sending task inline after each batch of 200 commits
    # (one worker, no queue round trip); the loop in project() drains whatever is left.
    Conf.SYNC = True
    n = args.n
    with Smtp() as smtp:
        configure(smtp.port)
        org = seed(n, f"PKGX-AAAAAAA-{int(time.time()) % 100:02d}")
        print(f"seeded {n:,} trackers with a customer email; SMTP server on 127.0.0.1:{smtp.port}", flush=True)
        base_plain = plain_send_mail(n, smtp)
        print(f"baseline send_mail:        {n / base_plain:8.0f} messages/s ({base_plain:.1f} s)", flush=True)
        base_one = one_connection(n, smtp)
        print(f"baseline one connection:   {n / base_one:8.0f} messages/s ({base_one:.1f} s)", flush=True)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(project, org, n, smtp)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            result = project(org, n, smtp)
        assert result["rows"] == n, result
        rate = n / result["total_s"]
        print(f"project (events -> rows -> task -> SMTP): {rate:8.0f} changes/s ({result['total_s']:.1f} s)")
        print(f"ratio project / send_mail:      {rate * base_plain / n:.2f}")
        print(f"ratio project / one connection: {rate * base_one / n:.2f}")


if __name__ == "__main__":
    main()
