"""Page speed: the public tracking page and the dashboard's trackers list beside a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages .venv/bin/python bench/pages.py

Seeds 100,000 trackers in one organization and mode (once; re-runs reuse them) with bench/common.py,
starts gunicorn on 127.0.0.1 (DEBUG off, BENCH_ENDPOINTS=1) and drives each URL with the same
keep-alive load for the same time, in interleaved rounds:
  bare       /bench/bare, a view with no query through the same middleware (the baseline),
  public     /t/<token>/ for a tracker with a full sandbox timeline (no If-None-Match),
  public304  the same page with its ETag (what a reload costs),
  list       /dashboard/trackers/ logged in, 100,000 trackers in the organization and mode,
  search     /dashboard/trackers/?q=<order id>,
  overview   /dashboard/ (counts, queues and charts over the 100,000).
Prints requests/s, p50 and p95 per URL and the ratio to the bare view. Targets: public >= 0.5 x
bare; list p95 < 300 ms; search and overview p95 < 150 ms each. Traffic goes to
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, Server, bench_database_url, measure, seed_trackers, setup_django

TOTAL = 100_000


def prepare() -> tuple[str, str]:
    """(public token, session id): the organization, a member, 100k trackers, one full timeline."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from accounts.models import Membership, Mode, Organization
    from trackers import services
    from trackers.models import Tracker

    org, _ = Organization.objects.get_or_create(slug="bench-pages", defaults={"name": "Bench Pages"})
    org.display_name, org.brand_color = "Bench Outfitters", "#0f766e"
    org.save()
    user, _ = get_user_model().objects.get_or_create(username="bench-pages")
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": "owner"})
    seed_trackers(org, Mode.TEST, TOTAL, events_per_tracker=0)
    # The public page's tracker: made by the service, with the sandbox's full timeline.
    number = "PKGX-BBBBBBB-BENCHPG"
    tracker = Tracker.objects.filter(organization=org, mode=Mode.TEST, tracking_number=number).first()
    if tracker is None:
        tracker = services.create_tracker(org, Mode.TEST, number, fields={"title": "Bench"}).tracker
        Tracker.objects.filter(pk=tracker.pk).update(created_at=timezone.now() - timedelta(hours=2))
        tracker.refresh_from_db()
        services.refresh_now(tracker)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return tracker.public_token, session.session_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="load time per URL, over all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds over the URLs")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = bench_database_url("bench_pages")
    setup_django(url)
    token, sessionid = prepare()

    with Server(url, workers=args.workers) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port)
        conn.request("GET", f"/t/{token}/")
        etag = conn.getresponse().getheader("ETag")
        cookie = {"Cookie": f"sessionid={sessionid}"}
        cases = [
            ("bare", "/bench/bare", {}, 200),
            ("public", f"/t/{token}/", {"Accept-Language": "en"}, 200),
            ("public304", f"/t/{token}/", {"Accept-Language": "en", "If-None-Match": etag}, 304),
            ("list", "/dashboard/trackers/", cookie, 200),
            ("search", "/dashboard/trackers/?q=%2354321", cookie, 200),
            ("overview", "/dashboard/", cookie, 200),
        ]
        for _name, path, headers, expect in cases:  # warm-up: connections, caches, templates
            measure(server.port, "GET", path, headers=headers, seconds=0.5, clients=args.clients, expect=expect)
        # Interleaved rounds: outside load on a shared machine falls on every URL alike.
        results = {}
        for _round in range(args.rounds):
            for name, path, headers, expect in cases:
                result = measure(
                    server.port,
                    "GET",
                    path,
                    headers=headers,
                    seconds=args.seconds / args.rounds,
                    clients=args.clients,
                    expect=expect,
                )
                results[name] = results[name].merge(result) if name in results else result
    print(
        f"\n{TOTAL:,} trackers, gunicorn {args.workers} workers (gthread x2), {args.clients} client processes, "
        f"{args.seconds:.0f} s per URL in {args.rounds} interleaved rounds, PostgreSQL"
    )
    print(HEADER)
    bare = results["bare"]
    for name, result in results.items():
        print(result.line(name, bare))
    public_ratio = results["public"].rps / bare.rps
    list_p95 = results["list"].p95
    print(f"\npublic page / bare view: {public_ratio:.2f} (target >= 0.5) {'OK' if public_ratio >= 0.5 else 'MISSED'}")
    print(f"trackers list p95: {list_p95:.0f} ms (target < 300) {'OK' if list_p95 < 300 else 'MISSED'}")
    for name in ("search", "overview"):
        p95 = results[name].p95
        print(f"dashboard {name} p95: {p95:.0f} ms (target < 150) {'OK' if p95 < 150 else 'MISSED'}")


if __name__ == "__main__":
    main()
