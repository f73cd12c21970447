"""The exception queue: trackers that need a person, and the team's work on them.

A tracker is in the queue while the carrier says something went wrong (trackers.models.EXCEPTIONS:
failure, error, return to sender, address, damage, a failed attempt) or while it is late
(casework.late). Membership is computed from the tracker itself, never copied, so the queue is
always what the carriers say now. What the team adds lives beside it, one Case per tracker:
who it is assigned to, until when it is snoozed, when and by whom it was resolved, and internal
notes (never on the public page). A resolved tracker leaves the queue until the carrier reports
something new about it.
"""
