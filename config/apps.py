"""The project itself as the last installed app: process-wide set-up once every app is loaded."""

from __future__ import annotations

import gc

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "config"
    label = "project"
    verbose_name = "Project"

    def ready(self) -> None:
        # Everything loaded so far (Django, the apps, their modules) lives as long as the process.
        # Frozen, the cyclic collector stops walking it on every full collection: a refresh batch
        # or a webhook group allocates enough to trigger many, and they cost a tenth of a refresh
        # worker's time (profiled on a refresh at scale). Worker processes forked after this share the pages.
        gc.freeze()
