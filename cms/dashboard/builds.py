"""The dashboard's panel of the editor's kommun's last builds: what went live, what waits, what failed and why,
and what each build left out of the site until an editor fixes it."""

from django.utils.translation import gettext_lazy as _

from cms.base.models import Kommun
from cms.export.problems import in_language
from cms.publishing.models import Build, Outcome
from cms.publishing.status import FIX_AT

from .panels import SHOWN, Item, KommunPanel, local_time


class BuildsPanel(KommunPanel):
    """The last builds of the kommuner the editor keeps, newest first, each with its outcome and times.

    Scoped by `Kommun.objects.for_user`, as the editor's menus are: an editor of one kommun
    never sees another's builds; a superuser sees every kommun's with a kommun column."""

    name = "builds"
    heading = _("Last builds of the site")
    empty_text = _("Nothing has been published since the publish worker started.")
    model = Build
    order = 107

    def visible(self, model=None):
        return Build.objects.filter(kommun__in=Kommun.objects.for_user(self.user))

    def render_html(self, parent_context=None):
        if not Kommun.objects.for_user(self.user).exists():
            return ""
        return super(KommunPanel, self).render_html(parent_context)

    def queryset(self):
        return self.visible().select_related("kommun")

    def get_items(self, queryset):
        return [
            Item(build.get_outcome_display(), self.fix_url(build), self.detail(build), build.kommun, self.notes(build))
            for build in queryset
        ]

    @staticmethod
    def notes(build):
        """What the build left out of the site, each said in the editor's admin language with where to fix it."""
        notes = [(in_language(item), item.get("admin_url", "")) for item in build.left_out[:SHOWN]]
        more = len(build.left_out) - SHOWN
        if more > 0:
            notes.append((_("(and %(count)s more)") % {"count": more}, ""))
        return notes

    @staticmethod
    def detail(build):
        if build.outcome == Outcome.QUEUED:
            return _("Queued %(time)s") % {"time": local_time(build.queued_at)}
        if build.outcome == Outcome.BUILDING:
            return _("Building since %(time)s") % {"time": local_time(build.started_at)}
        times = _("Queued %(queued)s, finished %(finished)s") % {
            "queued": local_time(build.queued_at),
            "finished": local_time(build.finished_at),
        }
        if build.outcome == Outcome.FAILED and build.problems:
            shown = "; ".join(build.problems[:SHOWN])
            more = len(build.problems) - SHOWN
            return f"{times}. {shown}" + (" " + _("(and %(count)s more)") % {"count": more} if more > 0 else "")
        return times

    @staticmethod
    def fix_url(build):
        for problem in build.problems if build.outcome == Outcome.FAILED else []:
            if found := FIX_AT.search(problem):
                return found.group(1)
        return ""
