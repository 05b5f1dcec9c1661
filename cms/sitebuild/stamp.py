"""A cheap fingerprint of everything a kommun's site is built from.

Exporting a kommun reads every page and listing; this reads only what the export declares it
reads (`cms.export.declarations`): each declared model's rows in the kommun's scope, their
declared columns or, where a model declares one, the columns that change whenever those do
(a listing's `updated_at`; a page type's rows through its page's `last_published_at`). An
unchanged kommun is recognised in a few small queries, without exporting it, and a field the
export starts reading is watched here without anyone listing it.

Each stamp can keep the steps that fed it (the SQL Django compiled, cms.sitebuild.stamp_steps), so
that a no-change publish computes the same stamps again before Django's apps are loaded
(cms.sitebuild.nochange).
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import FileField
from wagtail.models import Page

from cms.base.models import Kommun
from cms.export.declarations import PAGE_TREE, SETTINGS, in_page_trees, source_of, sources
from cms.export.page_cache import OWN_COLUMNS

from .stamp_steps import Stamp


def region_stamp(recorded=None):
    """What every kommun shares: the region-wide sources' rows (drivers, shared content, ...), the
    rows of scoped sources that belong to no kommun (the region's images), and the settings read.
    `recorded`, a dict, is given the steps that fed it (cms.sitebuild.nochange replays them)."""
    stamp = _stamp()
    stamp.value([getattr(settings, name) for name in SETTINGS])
    for source in sources():
        if source.in_page_tree:
            continue
        manager = source.model._default_manager
        rows = manager.all() if source.region_wide else manager.filter(**{f"{source.scope}__isnull": True})
        _rows(stamp, source, rows)
    return _finish(stamp, recorded)


def kommun_stamp(kommun, theme, region, recorded=None, page_columns=None):
    """The kommun's fingerprint: its declared rows, its `sites/<slug>.toml`, the theme and the region's.
    `recorded`, a dict, is given the steps that fed it, when they can be replayed; `page_columns` reads
    only those of the pages' `Page` rows (`context_stamp`)."""
    stamp = _stamp()
    stamp.value(theme)
    stamp.region(region)
    stamp.value(kommun.config.model_dump(mode="json"))
    homes = [path for (path,) in stamp.rows(*_sql(_home_paths(kommun)))]
    for source in sources():
        if source.region_wide:
            continue
        if source.in_page_tree:
            if issubclass(source.model, Page) and source.model is not Page:
                continue  # a page type's own row changes only when it is published, moving Page.last_published_at
            path = source.scope.removesuffix(PAGE_TREE) + "path"
            rows = source.model._default_manager.filter(in_page_trees(homes, path))
        else:
            rows = source.model._default_manager.filter(**{source.scope: kommun})
        _rows(stamp, source, rows, page_columns if source.model is Page else None)
    return _finish(stamp, recorded)


def context_stamp(kommun, region):
    """What every page's export of the kommun reads besides the page itself: the kommun's stamp without
    the theme (the export does not read it) and without the columns of the pages' rows that only their
    own export reads (`OWN_COLUMNS`: a kept page is checked against them). A page's kept export
    (cms.export.page_cache) is used while this is as it was."""
    structure = [name for name in source_of(Page).stamp_fields() if name not in OWN_COLUMNS]
    return kommun_stamp(kommun, "", region, page_columns=structure)


def kommuner_query():
    """(SQL, parameters) of the kommuner's slugs and names, in the order the build takes them."""
    return _sql(Kommun.objects.order_by("slug").values_list("slug", "name"))


def media_root():
    """Where the stored files' names are found (the stamp reads their sizes and modification times)."""
    return default_storage.path("")


def _stamp():
    return Stamp(connection.cursor(), media_root())


def _finish(stamp, recorded):
    stamp.cursor.close()
    if recorded is not None and stamp.replayable:
        recorded["steps"] = stamp.steps
    return stamp.hexdigest()


def _sql(queryset):
    """The SQL Django runs for `queryset`, and its parameters."""
    return queryset.query.sql_with_params()


def _home_paths(kommun):
    """The kommun's home pages: its site's root page and that page's translations, by path.
    Its rows are in the stamp: the trees read next are found from them."""
    root = Page.objects.filter(pk=kommun.site.root_page_id).values("translation_key")
    return Page.objects.filter(translation_key__in=root).order_by("path").values_list("path")


def _rows(stamp, source, queryset, columns=None):
    """The rows' stamped columns (or `columns` of them) in a stable order; a stored file's size and
    modification time with them, so a file replaced on disk behind the CMS's back changes the stamp
    too (and the rebuild leaves it out and names it: cms.export.files.file_problem)."""
    names = list(columns or source.stamp_fields())
    files = [i + 1 for i, name in enumerate(names) if isinstance(source.model._meta.get_field(name), FileField)]
    stamp.rows(*_sql(queryset.order_by("pk").values_list("pk", *names)), files=files)
    if not source.changed:  # tags (many-to-many) of a model with no column that moves when they change
        for field in source.model._meta.many_to_many:
            if field.name in source.fields:
                through = field.remote_field.through._default_manager
                owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                links = through.filter(**{f"{owner}__in": queryset.values("pk")}).order_by(owner, target)
                stamp.rows(*_sql(links.values_list(owner, target)))
