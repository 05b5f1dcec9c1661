"""The Imports report's filters; the kommun filter offers only the kommuner the user may see."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from cms.base.models import Kommun

from .models import ImportRun


def _visible_kommuner(request):
    return Kommun.objects.for_user(request.user) if request is not None else Kommun.objects.none()


class ImportRunFilterSet(WagtailFilterSet):
    """Kind, status and kommun; an editor of one kommun is not offered the other thirteen."""

    kommun = django_filters.ModelChoiceFilter(label=_("Kommun"), queryset=_visible_kommuner)

    class Meta:
        model = ImportRun
        fields = ["kind", "status", "kommun"]
