"""Shipments for teams that run their own deliveries (seed 002): models arrive with their issue."""
