"""`{% live_status obj %}`: the editor's "Live on the site / Going live / Not live" line in an edit view."""

from django import template

from cms.export.declarations import sources
from cms.publishing.status import live_status as status_of

register = template.Library()


@register.inclusion_tag("publishing/live_status.html")
def live_status(obj, edit_url=""):
    """The status of `obj` on the microsites, when the export publishes objects of its kind."""
    exported = obj is not None and any(isinstance(obj, source.model) for source in sources())
    return {"status": status_of(obj, edit_url) if exported and obj.pk else None}
