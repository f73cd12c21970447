"""The dashboard's corrections of a tracker: change its courier (a detected candidate in one click,
or any courier), and retrack one that stopped. The rules are the services' (trackers.services)."""
