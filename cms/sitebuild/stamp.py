"""A cheap fingerprint of everything a kommun's site is built from.

Exporting a kommun reads every page and listing; this reads only what the export declares it
reads (`cms.export.declarations`): each declared model's rows in the kommun's scope, their
declared columns or, where a model declares one, the columns that change whenever those do
(a listing's `updated_at`; a page type's rows through its page's `last_published_at`). An
unchanged kommun is recognised in a few small queries, without exporting it, and a field the
export starts reading is watched here without anyone listing it.
"""

import hashlib
import json
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import FileField, Q
from wagtail.models import Page

from cms.export.declarations import PAGE_TREE, SETTINGS, sources


def region_stamp():
    """What every kommun shares: the region-wide sources' rows (drivers, shared content, ...), the
    rows of scoped sources that belong to no kommun (the region's images), and the settings read."""
    digest = hashlib.sha256()
    _update(digest, [getattr(settings, name) for name in SETTINGS])
    for source in sources():
        if source.in_page_tree:
            continue
        manager = source.model._default_manager
        rows = manager.all() if source.region_wide else manager.filter(**{f"{source.scope}__isnull": True})
        _update(digest, _rows(source, rows))
    return digest.hexdigest()


def kommun_stamp(kommun, theme, region):
    """The kommun's fingerprint: its declared rows, its `sites/<slug>.toml`, the theme and the region's."""
    digest = hashlib.sha256()
    _update(digest, [theme, region, kommun.config.model_dump(mode="json")])
    homes = _home_paths(kommun)
    for source in sources():
        if source.region_wide:
            continue
        if source.in_page_tree:
            if issubclass(source.model, Page) and source.model is not Page:
                continue  # a page type's own row changes only when it is published, moving Page.last_published_at
            path = source.scope.removesuffix(PAGE_TREE) + "path"
            rows = source.model._default_manager.filter(_in_trees(homes, path))
        else:
            rows = source.model._default_manager.filter(**{source.scope: kommun})
        _update(digest, _rows(source, rows))
    return digest.hexdigest()


def _home_paths(kommun):
    """The paths of the kommun's home pages: its site's root page and that page's translations."""
    root = Page.objects.filter(pk=kommun.site.root_page_id).values("translation_key")
    return list(Page.objects.filter(translation_key__in=root).values_list("path", flat=True))


def _in_trees(homes, path):
    """The rows in the trees under `homes`, `path` being the lookup to a row's page's path."""
    in_trees = Q(pk__in=[])
    for home in homes:
        in_trees |= Q(**{f"{path}__startswith": home})
    return in_trees


def _rows(source, queryset):
    """The rows' stamped columns in a stable order; a stored file's size and modification time
    with them, so a file replaced on disk behind the CMS's back changes the stamp too (and the
    rebuild names it: cms.sitebuild.images.file_problem)."""
    names = source.stamp_fields()
    files = [i + 1 for i, name in enumerate(names) if isinstance(source.model._meta.get_field(name), FileField)]
    rows = []
    for row in queryset.order_by("pk").values_list("pk", *names):
        row = list(row)
        for index in files:
            row.append(_on_disk(row[index]))
        rows.append(row)
    if not source.changed:  # tags (many-to-many) of a model with no column that moves when they change
        for field in source.model._meta.many_to_many:
            if field.name in source.fields:
                through = field.remote_field.through._default_manager
                owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                links = through.filter(**{f"{owner}__in": queryset.values("pk")}).order_by(owner, target)
                rows.append(list(map(list, links.values_list(owner, target))))
    return rows


def _on_disk(name):
    try:
        status = os.stat(default_storage.path(name))
    except (OSError, ValueError):
        return None
    return [status.st_size, status.st_mtime_ns]


def _update(digest, value):
    digest.update(json.dumps(value, default=str, sort_keys=True).encode())
