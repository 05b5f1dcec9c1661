"""Small formatting helpers for the experiments' admin pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def percent(value):
    """0.1234 -> "12.3%" in the admin's locale."""
    return f"{number_format(round(value * 100, 1), 1)}%"


@register.simple_tag
def points(value):
    """A difference of rates in percentage points, signed: 0.021 -> "+2.1 pp"."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number_format(round(abs(value) * 100, 1), 1)} pp"


@register.simple_tag
def smallest_arm(analysis):
    """Progress towards the horizon is the smallest variant's count: every variant must reach it."""
    return min((row.visitors for row in analysis.variants), default=0)


@register.simple_tag
def lookup(mapping, key):
    return mapping.get(key, "")


@register.simple_tag
def duration(seconds):
    """Seconds as m:ss for time on task."""
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
