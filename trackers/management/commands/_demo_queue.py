"""Demo data for the exception queue (run by setup_demo): problems assigned and unassigned, a note, tags, saved views.

Sandbox numbers whose timeline ends in a problem are created through the services and backdated
so the timeline has run its course; a refresh then brings each to its final status. Runs once per
organization (while it has no case yet).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Membership, Mode, Organization
from trackers import saved_views, tags
from trackers import services as trackers
from trackers.casework import services as casework
from trackers.casework.models import Case
from trackers.models import Tracker

# (number, title, days ago, who: "me", "teammate" or None, tags)
PROBLEMS = [
    ("PKGX-DDDDDDD-QUEUE01", "Ceramic mug set", 4, "me", ["claims", "fragile"]),
    ("PKGX-GGGGGGG-QUEUE02", "Running shoes", 2, "teammate", ["vip"]),
    ("PKGX-HHHHHHH-QUEUE03", "Wool scarf", 3, None, ["claims"]),
    ("PKGX-CCCCCCC-QUEUE04", "Desk lamp", 1, None, []),
]
TEAMMATE = "sam"


def seed(org: Organization, me) -> list[Tracker]:
    if Case.objects.filter(tracker__organization=org).exists():
        return []
    User = get_user_model()
    teammate = User.objects.filter(username=TEAMMATE).first()
    if teammate is None:
        teammate = User.objects.create_user(TEAMMATE, f"{TEAMMATE}@example.com", first_name="Sam")
        teammate.set_unusable_password()
        teammate.save()
    accounts.add_member(org, teammate, Membership.Role.MEMBER)
    now = timezone.now()
    made = []
    for number, title, days, who, labels in PROBLEMS:
        tracker = trackers.create_tracker(org, Mode.TEST, number, fields={"title": title}).tracker
        Tracker.objects.filter(pk=tracker.pk).update(created_at=now - timedelta(days=days))
        tracker.refresh_from_db()
        trackers.refresh_now(tracker)
        tracker.refresh_from_db()
        if labels:
            tags.set_tags(tracker, labels)
        assignee = {"me": me, "teammate": teammate}.get(who or "")
        if assignee is not None:
            casework.assign(tracker, assignee.pk, by=me)
        made.append(tracker)
    saved_views.save_view(org, me, "Claims", "tag=claims", shared=True)
    saved_views.save_view(org, me, "My open problems", "assignee=me")
    casework.add_note(made[0], me, "Customer sent photos of the broken mugs; replacement requested from the warehouse.")
    return made
