"""The public page's rendered-copy cache keys, apart from the page so services can drop them.

Deleting a tracker through any door (API, dashboard, admin, a dialect) must take its public page
down at once; the services call `forget` without importing the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def cache_key(token: str, language: str) -> str:
    return f"public-page:{token}:{language}"


def forget_many(tokens: Iterable[str]) -> None:
    """Drop the cached copies of these pages, in every language: now, and again after commit.

    Now, so the caller sees the change at once; after commit, because a request that read the
    tracker before the change committed may have cached the page in between.
    """
    keys = [cache_key(token, code) for token in tokens for code, _ in settings.LANGUAGES]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget(token: str) -> None:
    forget_many([token])
