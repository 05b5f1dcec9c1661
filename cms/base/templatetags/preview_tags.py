"""Template tags for the editors' preview of pages (the CMS itself serves no public pages)."""

from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=1)
def _stylesheet():
    return (Path(settings.BASE_DIR) / "themes" / "norrbotten" / "static" / "css" / "site.css").read_text(
        encoding="utf-8"
    )


@register.simple_tag
def theme_css():
    """The microsites' own stylesheet, so a preview looks like the published page."""
    return mark_safe(_stylesheet())
