from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.base.permissions import KommunScopedPermissionPolicy, KommunScopedSnippetViewSet

from .models import Activity

register_permission_policy(Activity, KommunScopedPermissionPolicy(Activity))


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
