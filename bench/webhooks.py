"""Webhook delivery throughput and latency through the real path, beside a plain requests.post loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_webhooks .venv/bin/python bench/webhooks.py [-n 5000]

The project's path is what production runs: events are written by the outbox (emit_many) in
batches of 200 per transaction, as a refresh does; fan-out creates the deliveries in the same
transaction and queues a sending task on commit; a real `qcluster` (1, then 4 workers; the ORM
broker, or Redis when REDIS_URL is set) claims, signs, sends and records them. The receiver is a
threaded http.server on 127.0.0.1 that notes when each event id arrives. Latency is from the event
row's created_at to its receipt. Each worker count gets a burst (all N written at once: throughput,
and the backlog's wait), then 4 workers get N written at a steady --pace (the path's own latency,
at a load below capacity). The baseline posts the same bodies with a plain loop of
requests.post to the same receiver, in the same run. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after ROOT: bench/webhooks.py must not shadow the app
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("WEBHOOK_ALLOW_PRIVATE", "1")
os.environ.setdefault("WEBHOOK_ALLOW_HTTP", "1")


class Receiver:
    """Counts arrivals by event id (a redelivery is counted once, at its first arrival)."""

    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16  # the answer leaves in one segment, as real servers send it

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = time.time()
                event_id = json.loads(body).get("id", "")
                with receiver.lock:
                    receiver.arrivals.setdefault(event_id, now)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.arrivals.clear()

    def wait(self, count: int, timeout: float) -> bool:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.arrivals) >= count:
                    return True
            time.sleep(0.05)
        return False


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def sample_payload(i: int) -> dict:
    return {
        "id": f"trk_bench{i:019d}",
        "object": "tracker",
        "mode": "test",
        "tracking_number": f"PKGX-DDDDDDD-{i:07d}",
        "courier": "sandbox",
        "status": "in_transit",
        "status_detail": "arrived_at_facility",
        "events": [
            {
                "occurred_at": "2026-03-01T12:00:00Z",
                "status": "in_transit",
                "status_detail": "arrived_at_facility",
                "message": "Arrived at facility",
                "location": {"city": "Chicago", "state": "IL", "postal_code": "60601", "country": "US"},
            }
        ]
        * 3,
    }


def baseline(url: str, n: int) -> dict:
    import requests

    body_of = [json.dumps({"id": f"evt_base{i}", "data": sample_payload(i)}).encode() for i in range(n)]
    durations = []
    start = time.perf_counter()
    for body in body_of:
        t = time.perf_counter()
        requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=(5, 15))
        durations.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    return {"rate": n / elapsed, "p50": percentile(durations, 0.5), "p95": percentile(durations, 0.95)}


def start_cluster(workers: int) -> subprocess.Popen:
    # The start-up lines it waits for are django-q's INFO lines (TASK_LOG_LEVEL, off by default).
    env = {**os.environ, "Q_WORKERS": str(workers), "LOG_LEVEL": "INFO", "TASK_LOG_LEVEL": "INFO"}
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    ready = threading.Event()

    def watch() -> None:
        for line in proc.stdout:
            if "running" in line.lower() or "ready for work" in line.lower():
                ready.set()

    threading.Thread(target=watch, daemon=True).start()
    if not ready.wait(60):
        stop_cluster(proc)
        sys.exit("qcluster did not start within 60 s")
    time.sleep(1.0)  # let every worker fork
    return proc


def stop_cluster(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # the cluster we started, and only its process group
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def project(receiver: Receiver, org, n: int, workers: int, batch: int, pace: float = 0) -> dict:
    """One run; `pace` > 0 writes the events at that many per second instead of all at once."""
    from django.db import transaction

    from events.models import Event
    from events.outbox import NewEvent, emit_many
    from webhooks.models import Delivery

    Delivery.objects.all().delete()
    Event.objects.filter(organization=org).delete()
    receiver.reset()
    cluster = start_cluster(workers)
    try:
        created: dict[str, float] = {}
        start = time.time()
        for first in range(0, n, batch):
            with transaction.atomic():
                events = emit_many(
                    [
                        NewEvent(org.pk, "test", "tracker.updated", "tracker", f"trk_bench{i}", sample_payload(i))
                        for i in range(first, min(n, first + batch))
                    ]
                )
            created.update({e.public_id: e.created_at.timestamp() for e in events})
            if pace:
                time.sleep(max(0.0, start + len(created) / pace - time.time()))
        emitted = time.time() - start
        complete = receiver.wait(n, timeout=300)
    finally:
        stop_cluster(cluster)
    arrivals = dict(receiver.arrivals)
    latencies = [arrivals[k] - created[k] for k in created if k in arrivals]
    last = max(arrivals.values()) if arrivals else time.time()
    return {
        "complete": complete,
        "received": len(latencies),
        "rate": len(latencies) / (last - start),
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "emit_seconds": emitted,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="events per run")
    parser.add_argument("--batch", type=int, default=200, help="events per transaction (as a refresh batch)")
    parser.add_argument("--workers", default="1,4", help="qcluster worker counts to measure")
    parser.add_argument("--pace", type=float, default=300, help="events/s of the paced run (0: skip it)")
    args = parser.parse_args()

    from common import bench_database_url, setup_django

    url = bench_database_url("bench_webhooks")  # refuses any database not named *bench*
    setup_django(url)
    from django_q.models import OrmQ

    from accounts.models import Organization
    from webhooks.models import Subscription
    from webhooks.signing import generate_secret

    OrmQ.objects.all().delete()
    receiver = Receiver()
    org, _ = Organization.objects.get_or_create(slug="bench-webhooks", defaults={"name": "Bench webhooks"})
    Subscription.objects.filter(organization=org).delete()
    Subscription.objects.create(organization=org, mode="test", url=receiver.url, secret=generate_secret())

    base = baseline(receiver.url, args.n)
    print(f"webhooks: {args.n} events to {receiver.url}, broker {'redis' if os.environ.get('REDIS_URL') else 'orm'}")
    print(
        f"baseline  requests.post loop: {base['rate']:8.0f}/s   p50 {base['p50'] * 1000:7.1f} ms   "
        f"p95 {base['p95'] * 1000:7.1f} ms"
    )
    for workers in [int(w) for w in args.workers.split(",")]:
        r = project(receiver, org, args.n, workers, args.batch)
        print(
            f"project   {workers} worker(s):          {r['rate']:8.0f}/s   p50 {r['p50'] * 1000:7.1f} ms   "
            f"p95 {r['p95'] * 1000:7.1f} ms   received {r['received']}/{args.n}   "
            f"(emit {r['emit_seconds']:.1f} s)   ratio to baseline {r['rate'] / base['rate']:.2f}x"
        )
    if args.pace:
        # Latency at a steady load the engine sustains (a burst measures the backlog, not the path).
        r = project(receiver, org, args.n, 4, args.batch, pace=args.pace)
        print(
            f"project   4 workers, paced {args.pace:.0f}/s:  p50 {r['p50'] * 1000:7.1f} ms   "
            f"p95 {r['p95'] * 1000:7.1f} ms   received {r['received']}/{args.n}"
        )


if __name__ == "__main__":
    main()
