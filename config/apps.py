"""The project itself as the last installed app: process-wide set-up once every app is loaded."""

from __future__ import annotations

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "config"
    label = "project"
    verbose_name = "Project"

    def ready(self) -> None:
        from core.fast.runtime import freeze_startup_objects

        # A fast path (core/fast/runtime.py): the collector skips the start-up objects from now on.
        freeze_startup_objects()
