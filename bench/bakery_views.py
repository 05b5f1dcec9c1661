"""wagtail-bakery's view of every published page, limited to the kommuner a reduced benchmark builds.

`bench_scale.py --kommun` builds some kommuner only; bakery must then bake the same sites'
pages, or the two would not be compared on the same content.
"""

import os

from django.db.models import Q
from wagtailbakery.views import AllPublishedPagesView


class KommunPagesView(AllPublishedPagesView):
    """Every published page, or with BENCH_KOMMUNER (slugs, comma-separated) those kommuner's sites' only."""

    def get_queryset(self):
        from wagtail.models import Page

        from cms.base.models import Kommun

        pages = super().get_queryset()
        slugs = [slug for slug in os.environ.get("BENCH_KOMMUNER", "").split(",") if slug]
        if not slugs:
            return pages
        roots = Kommun.objects.filter(slug__in=slugs).values_list("site__root_page__translation_key", flat=True)
        within = Q(pk__in=[])
        for path in Page.objects.filter(translation_key__in=roots).values_list("path", flat=True):
            within |= Q(path__startswith=path)  # each language's home page heads a tree of its own
        return pages.filter(within)
