"""The admin's read-only views of import runs, each scoped to the runs the user may see."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import IndexView, InspectView

from .permissions import visible_runs


class ImportRunIndexView(IndexView):
    """The list of runs, newest first: only the user's kommuner's and the region-wide ones."""

    def get_base_queryset(self):
        return visible_runs(super().get_base_queryset().select_related("kommun"), self.request.user)


class ImportRunInspectView(InspectView):
    """One run with every rejected record's sentence; another kommun's run is not found (404)."""

    def get_object(self, queryset=None):
        return get_object_or_404(visible_runs(self.model._default_manager.all(), self.request.user), pk=self.pk)

    # The inspect view shows a datetime as stored (UTC); the index, and editors, read local time.
    def get_started_at_display_value(self):
        return date_format(timezone.localtime(self.object.started_at), "DATETIME_FORMAT")

    def get_finished_at_display_value(self):
        return date_format(timezone.localtime(self.object.finished_at), "DATETIME_FORMAT")

    def get_rejections_display_value(self):
        if not self.object.rejections:
            return _("None")
        # The sentences quote the feed's own text: escaped, never trusted as HTML.
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((line,) for line in self.object.rejections))
        )
