from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Driver


class DriverViewSet(SnippetViewSet):
    """The shared driver taxonomy, kept by region editors."""

    model = Driver
    icon = "tag"
    menu_label = _("Drivers")
    list_display = ["__str__", "name", "slug"]  # the name in the editor's language first
    add_to_admin_menu = False


register_snippet(DriverViewSet)
