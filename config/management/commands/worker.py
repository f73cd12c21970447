"""Run the task cluster (django-q2's `qcluster`) so that SIGTERM and Ctrl-C stop it cleanly.

Process managers (honcho under `make run`, systemd, container runtimes) signal the whole process
group. django-q2's own processes do not all expect that: its sentinel and workers keep the default
SIGTERM action and die on the spot, and the cluster's main process then waits for children that
are already gone until the manager kills it (make reports error 130, a task in hand is lost until
its broker lease runs out). Here the cluster runs in a session of its own and only its main
process hears the stop; django-q2's shutdown then stops fetching, lets each worker finish the task
it holds and exits. Tasks still in the broker stay there for the next start.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the task worker (django-q2's qcluster); SIGTERM or Ctrl-C stops it cleanly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=None,
            help="Seconds to let running tasks finish after a stop request before killing them "
            "(default: WORKER_STOP_GRACE_SECONDS).",
        )

    def handle(self, *args, **options):
        grace = options["grace"] if options["grace"] is not None else settings.WORKER_STOP_GRACE_SECONDS
        manage = os.path.join(settings.BASE_DIR, "manage.py")
        cluster = subprocess.Popen([sys.executable, manage, "qcluster"], start_new_session=True)  # noqa: S603
        stop_requested_at: list[float] = []

        def request_stop(signum: int, frame: FrameType | None) -> None:
            if not stop_requested_at:
                stop_requested_at.append(time.monotonic())
                _signal_main(cluster, signal.SIGTERM)

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        while True:
            try:
                code = cluster.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                if stop_requested_at and time.monotonic() - stop_requested_at[0] > grace:
                    # A task overran the grace: its broker lease hands it to the next worker.
                    self.stderr.write(f"Tasks still running after {grace:g} s: stopping them.")
                    _kill_group(cluster)
                    cluster.wait()
                    return
                continue
            if stop_requested_at:
                return
            sys.exit(code)


def _signal_main(cluster: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        cluster.send_signal(signum)


def _kill_group(cluster: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(cluster.pid, signal.SIGKILL)
