"""The speed engine, fenced: every path that reaches past Django's public API for speed.

What lives here and which Django and psycopg internals it relies on: INTERNALS.md beside this file.
Product code calls these functions and never the internals directly; with the FAST_PATHS setting
off, each falls back to the plain ORM (or Django's own handler) and the behaviour is the same.
"""
