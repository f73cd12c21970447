"""Seed-compatible API dialects (EasyPost, Tracktry, Packy, PackageX): thin translations onto the services."""
