from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.base.permissions import (
    InboxPermissionPolicy,
    KommunScopedModelViewSet,
    KommunScopedPermissionPolicy,
    KommunScopedSnippetViewSet,
    ScopedIndexView,
)

from .admin_views import ReviewView
from .models import Activity, ActivitySubmission

register_permission_policy(Activity, KommunScopedPermissionPolicy(Activity))
register_permission_policy(ActivitySubmission, InboxPermissionPolicy(ActivitySubmission))


class ActivityViewSet(KommunScopedSnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Activities")
    add_to_admin_menu = True
    menu_order = 201
    list_display = ["__str__", "kommun", "category", "start", "moderation_status", "live"]
    list_filter = ["kommun", "category", "moderation_status", "live"]
    search_fields = ["place", "organiser"]


register_snippet(ActivityViewSet)


class SubmissionIndexView(ScopedIndexView):
    """The moderation queue: waiting submissions first; each opens its review page."""

    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("activity", "kommun").prefetch_related("activity__translations")
        )

    def get_edit_url(self, instance):
        return reverse("activity_submissions:review", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = [
            MenuItem(_("Review"), url=self.get_edit_url(instance), icon_name="tasks", priority=10),
            MenuItem(
                _("Edit the activity"),
                icon_name="edit",
                priority=20,
                url=reverse(Activity.snippet_viewset.get_url_name("edit"), args=[instance.activity_id]),
            ),
        ]
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Correct the sender's details"),
                    icon_name="user",
                    priority=25,
                    url=reverse(self.edit_url_name, args=[instance.pk]),
                )
            )
        if delete_url := self.get_delete_url(instance):
            buttons.append(MenuItem(_("Erase the sender's data"), url=delete_url, icon_name="bin", priority=30))
        return buttons


class ActivitySubmissionViewSet(KommunScopedModelViewSet):
    """Activities sent by the public, for the kommun's editors to approve, edit or reject."""

    model = ActivitySubmission
    name = "activity_submissions"
    icon = "tasks"
    menu_label = _("Submitted activities")
    add_to_admin_menu = True
    menu_order = 202
    index_view_class = SubmissionIndexView
    list_display = ["__str__", "kommun", "language", "received_at", "activity__moderation_status", "decided_at"]
    list_filter = ["kommun", "activity__moderation_status", "language"]
    form_fields = ["name", "email"]  # a sender may ask for their details to be corrected
    inspect_view_enabled = True
    inspect_view_fields = ["activity", "kommun", "language", "name", "email", "received_at", "decided_at"]

    def get_urlpatterns(self):
        review = ReviewView.as_view(index_url_name=self.get_url_name("index"))
        return [*super().get_urlpatterns(), path("review/<int:pk>/", review, name="review")]


@hooks.register("register_admin_viewset")
def register_submissions():
    return ActivitySubmissionViewSet()
