from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.permissions import register_permission_policy

from cms.base.permissions import InboxPermissionPolicy, KommunScopedModelViewSet, ScopedIndexView

from .models import ContactRequest

register_permission_policy(ContactRequest, InboxPermissionPolicy(ContactRequest))


class ContactIndexView(ScopedIndexView):
    """The coordinator's inbox: a request opens to be read; answering it is marking it answered."""

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = [MenuItem(_("Read"), url=self.get_inspect_url(instance), icon_name="view", priority=10)]
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Mark as answered or new"),
                    icon_name="check",
                    priority=20,
                    url=reverse(self.edit_url_name, args=[instance.pk]),
                )
            )
        if delete_url := self.get_delete_url(instance):
            buttons.append(MenuItem(_("Erase"), url=delete_url, icon_name="bin", priority=30))
        return buttons


class ContactRequestViewSet(KommunScopedModelViewSet):
    """Requests to the kommun's relocation coordinator, for that kommun's editors only."""

    model = ContactRequest
    name = "contact_requests"
    icon = "mail"
    menu_label = _("Contact requests")
    add_to_admin_menu = True
    menu_order = 205
    index_view_class = ContactIndexView
    list_display = ["__str__", "kommun", "language", "interests_display", "moving", "status"]
    list_filter = ["kommun", "status", "language"]
    form_fields = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "kommun",
        "language",
        "name",
        "email",
        "phone",
        "interests_display",
        "moving",
        "message",
        "status",
        "decided_at",
    ]


@hooks.register("register_admin_viewset")
def register_inbox():
    return ContactRequestViewSet()
