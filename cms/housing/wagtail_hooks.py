from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.base.permissions import KommunScopedPermissionPolicy, KommunScopedSnippetViewSet

from .models import HousingListing, Neighbourhood

register_permission_policy(HousingListing, KommunScopedPermissionPolicy(HousingListing))
register_permission_policy(Neighbourhood, KommunScopedPermissionPolicy(Neighbourhood))


class HousingListingViewSet(KommunScopedSnippetViewSet):
    model = HousingListing
    icon = "home"
    menu_label = _("Homes")
    list_display = ["address", "kommun", "tenure", "rooms", "monthly_rent_sek", "live"]
    list_filter = ["kommun", "tenure", "live"]
    search_fields = ["address", "landlord"]


class NeighbourhoodViewSet(KommunScopedSnippetViewSet):
    model = Neighbourhood
    icon = "site"
    menu_label = _("Neighbourhoods")
    list_display = ["name", "kommun"]
    list_filter = ["kommun"]
    search_fields = ["name"]


class HousingGroup(SnippetViewSetGroup):
    items = (HousingListingViewSet, NeighbourhoodViewSet)
    menu_icon = "home"
    menu_label = _("Housing")
    menu_order = 200


register_snippet(HousingGroup)
