"""Which wording a message uses: the organization's template in its language, else the default.

A Spanish tracker of an organization that wrote only English templates gets the project's Spanish
default, not the English custom text: the recipient's language wins over the organization's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import translation

from notifications import content
from notifications.models import MessageTemplate


@dataclass
class Wording:
    custom: dict[tuple[int, str, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, organization_ids: Iterable[int]) -> Wording:
        """Every template of these organizations, in one query."""
        rows = MessageTemplate.objects.filter(organization_id__in=list(organization_ids)).values_list(
            "organization_id", "channel", "language", "subject", "body"
        )
        return cls({(org, channel, lang): (subject, body) for org, channel, lang, subject, body in rows})

    def get(self, organization_id: int, channel: str, language: str) -> tuple[str, str]:
        found = self.custom.get((organization_id, channel, language))
        if found is not None:
            return found
        with translation.override(language):
            return content.defaults(channel)
