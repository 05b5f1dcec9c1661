"""Which kommuner's microsites show an object: the ones to rebuild when it is published or removed.

Read from the export's own declarations (`cms.export.declarations`): a row's `export_scope`
leads to its kommun, a region-wide row (None) is on all 14 sites, and a page belongs to the
kommun whose home page (in any language) is its ancestor. A page outside every kommun's tree
(the region's own) is shown by every site, so it affects all of them.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page

from cms.export.declarations import PAGE_TREE, source_of

#: Every kommun: what a region-wide object affects.
ALL = "all"
#: treebeard's path step: a page's home page (depth 2) is the first two steps of its path.
STEP = 4


def home_path(page_path):
    """The path of the depth-2 ancestor (the language tree's home page) of a page with `page_path`."""
    return page_path[: 2 * STEP]


def kommuner_of_paths(paths):
    """{page path: kommun id or ALL} for pages with these paths (they need not exist any more)."""
    from cms.base.models import Kommun

    homes = {home_path(path) for path in paths}
    keys = dict(Page.objects.filter(path__in=homes).values_list("path", "translation_key"))
    by_key = dict(Kommun.objects.values_list("site__root_page__translation_key", "pk"))
    return {path: by_key.get(keys.get(home_path(path)), ALL) for path in paths}


def kommuner_of_rows(model, pks):
    """The kommun ids (or ALL) the rows `pks` of an exported non-page model belong to, in one query."""
    scope = source_of(model).scope
    if scope is None:
        return {ALL}
    if scope.endswith(PAGE_TREE):
        paths = model._default_manager.filter(pk__in=pks).values_list("page__path", flat=True)
        return set(kommuner_of_paths(list(paths)).values())
    return {kommun or ALL for kommun in model._default_manager.filter(pk__in=pks).values_list(scope, flat=True)}


def scope_of(instance):
    """The kommun id an exported non-page row belongs to, ALL when it is region-wide or unknown."""
    scope = source_of(type(instance)).scope
    if scope is None:
        return ALL
    if scope.endswith(PAGE_TREE):  # a row of a page (its view restriction): the page's kommun
        page = getattr(instance, "page", None)
        return ("path", page.path) if page is not None else ALL
    *hops, last = scope.split("__")
    target = instance
    try:
        for hop in hops:
            target = getattr(target, hop)
            if target is None:
                return ALL
        if hasattr(target, f"{last}_id"):  # a foreign key: its id, without a query
            return getattr(target, f"{last}_id") or ALL
        return getattr(target, last).pk  # the reverse side (a collection's kommun)
    except ObjectDoesNotExist:  # a parent removed in the same delete, a collection of no kommun
        return ALL
