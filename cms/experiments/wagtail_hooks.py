from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.base.permissions import KommunScopedPermissionPolicy, KommunScopedSnippetViewSet

from .models import Experiment, UsabilitySession
from .views import experiments, sessions

register_permission_policy(Experiment, KommunScopedPermissionPolicy(Experiment))
register_permission_policy(UsabilitySession, KommunScopedPermissionPolicy(UsabilitySession))


class ExperimentViewSet(KommunScopedSnippetViewSet):
    """A kommun's A/B tests, with their results and the promotion of a variant."""

    model = Experiment
    icon = "crosshairs"
    menu_label = _("Experiments")
    list_display = ["name", "page", "status", "goal_kind", "started_at"]
    list_filter = ["kommun", "status"]
    search_fields = ["name"]

    def get_urlpatterns(self):
        def view(view_class):  # construct_view guards it: the object must be of the editor's kommun
            return self.construct_view(view_class, viewset=self)

        return super().get_urlpatterns() + [
            path("results/<int:pk>/", view(experiments.ResultsView), name="results"),
            path("results/<int:pk>/csv/", view(experiments.ResultsCSVView), name="results_csv"),
            path("status/<int:pk>/", view(experiments.StatusView), name="status"),
            path("promote/<int:pk>/", view(experiments.PromoteView), name="promote"),
        ]


class UsabilitySessionViewSet(KommunScopedSnippetViewSet):
    """Moderated usability tests: the session, its link, its notes and its report."""

    model = UsabilitySession
    icon = "group"
    menu_label = _("Usability sessions")
    list_display = ["participant", "language", "experiment", "variant", "scheduled_for", "closed"]
    list_filter = ["kommun", "language", "closed"]
    search_fields = ["participant"]

    def get_urlpatterns(self):
        def view(view_class):  # construct_view guards it: the object must be of the editor's kommun
            return self.construct_view(view_class, viewset=self)

        return super().get_urlpatterns() + [
            path("observe/<int:pk>/", view(sessions.ObserveView), name="observe"),
            path("report/<int:pk>/", view(sessions.ReportView), name="report"),
            path("report/<int:pk>/csv/", view(sessions.ReportCSVView), name="report_csv"),
            path("compare/", sessions.CompareView.as_view(viewset=self), name="compare"),
        ]


class ExperimentsGroup(SnippetViewSetGroup):
    items = (ExperimentViewSet, UsabilitySessionViewSet)
    menu_icon = "crosshairs"
    menu_label = _("Testing")
    menu_order = 220


register_snippet(ExperimentsGroup)


@hooks.register("register_snippet_listing_buttons")
def results_and_session_buttons(snippet, user, next_url=None):
    """The pages editors use most, one click from the listings."""
    if isinstance(snippet, Experiment):
        yield ListingButton(
            _("Results"), reverse(Experiment.snippet_viewset.get_url_name("results"), args=[snippet.pk]), priority=5
        )
    elif isinstance(snippet, UsabilitySession):
        viewset = UsabilitySession.snippet_viewset
        yield ListingButton(_("Run"), reverse(viewset.get_url_name("observe"), args=[snippet.pk]), priority=5)
        yield ListingButton(_("Report"), reverse(viewset.get_url_name("report"), args=[snippet.pk]), priority=6)
