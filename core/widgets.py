"""Form widgets that render in Python where Django's template-per-option rendering is too slow."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A <select> built with format_html instead of one template render per <option>.

    The dashboard's courier filter offers every courier in the catalog (~150): through the
    form renderer that was about a quarter of the trackers list's time. Same markup, escaped
    the same way; option groups are not supported (none of its users need them).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((code, " selected" if str(code) in chosen else "", label) for code, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, _attributes(self.build_attrs(self.attrs, attrs)), options
        )


def _attributes(attrs: dict) -> str:
    """Attributes in their given order, as Django's attrs.html writes them (True bare, False left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(' {}="{}"', key, value) if value is not True else format_html(" {}", key),)
            for key, value in attrs.items()
            if value is not False and value is not None
        ),
    )
