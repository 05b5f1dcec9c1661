from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .filters import ImportRunFilterSet
from .models import ImportRun
from .permissions import ImportRunPermissionPolicy
from .views import ImportRunIndexView, ImportRunInspectView

register_permission_policy(ImportRun, ImportRunPermissionPolicy(ImportRun))


class ImportRunViewSet(ModelViewSet):
    """The "Imports" menu: every run of the housing feeds and JobTech, read-only, filterable."""

    model = ImportRun
    icon = "download"
    menu_label = _("Imports")
    add_to_admin_menu = True
    menu_order = 205
    index_view_class = ImportRunIndexView
    inspect_view_class = ImportRunInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["source", "kommun", "kind", "status", "started_at", "added", "updated", "unpublished", "rejected"]
    filterset_class = ImportRunFilterSet
    inspect_view_fields = [
        "source",
        "location",
        "kind",
        "kommun",
        "status",
        "started_at",
        "finished_at",
        "added",
        "updated",
        "unchanged",
        "unpublished",
        "rejected",
        "message",
        "rejections",
    ]

    def get_permissions_to_register(self):
        # Only "view" means anything here; the group editor offers no add, change or delete.
        return super().get_permissions_to_register().filter(codename="view_importrun")

    def get_urlpatterns(self):
        # Runs are written by the imports only: no add, edit, delete, copy or history views.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


@hooks.register("register_admin_viewset")
def register_import_run_viewset():
    """The report is a ModelViewSet rather than a snippet: runs have no drafts, revisions or editing."""
    return ImportRunViewSet("imports")
