from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.base.permissions import KommunScopedPermissionPolicy, KommunScopedSnippetViewSet

from .models import Job

register_permission_policy(Job, KommunScopedPermissionPolicy(Job))


class JobViewSet(KommunScopedSnippetViewSet):
    model = Job
    icon = "user"
    menu_label = _("Jobs")
    add_to_admin_menu = True
    menu_order = 202
    list_display = ["__str__", "kommun", "employment_type", "apply_by", "live"]
    list_filter = ["kommun", "employment_type", "live"]
    search_fields = ["employer", "occupation"]


register_snippet(JobViewSet)
