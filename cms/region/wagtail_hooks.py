from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from cms.base.permissions import ScopedSnippetViewSet

from .models import SharedContent


class SharedContentViewSet(ScopedSnippetViewSet):
    """Region content every microsite reuses; region editors keep it."""

    model = SharedContent
    icon = "globe"
    menu_label = _("Shared region content")
    list_display = ["title", "slug", "locale"]
    add_to_admin_menu = True
    menu_order = 210


register_snippet(SharedContentViewSet)
