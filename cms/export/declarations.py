"""What the static sites and the whole-site search read of the CMS, declared once per model.

Each model the export reads says which of its fields it reads (`export_fields`) and how one of
its rows belongs to a kommun (`export_scope`: a lookup from the model to `base.Kommun`, or None
for what the whole region shares). Page types declare theirs with `ExportedPage`; Wagtail's own
models, which we cannot annotate, are declared in `WAGTAIL_SOURCES` below.

From these declarations follow the export's queries (it asks the database for the declared
columns only, `rows()`) and the build's cheap "did anything change" stamp
(`cms.sitebuild.stamp`), so a field the export starts reading is a field the stamp watches.
`tests/test_export_sources.py` captures an export's SQL and fails on any column no declaration
names.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import Q

#: The scope of pages: the rows under the kommun's home pages, one tree per language. A model
#: whose rows belong to a page is scoped "page__" + PAGE_TREE.
PAGE_TREE = "page tree"


@dataclass(frozen=True)
class Source:
    """One model the export reads: the fields it reads, how a row belongs to a kommun, and the
    columns that change whenever those fields do (`changed`; then the stamp reads only them)."""

    model: type
    fields: tuple
    scope: str | None = None
    changed: tuple = ()

    @property
    def region_wide(self):
        return self.scope is None

    def concrete_fields(self):
        """The declared fields stored in the model's own row (not many-to-many)."""
        return [f for f in map(self.model._meta.get_field, self.fields) if f.concrete and not f.many_to_many]

    def stamp_fields(self):
        """What the stamp reads of each row: the `changed` columns when declared, else every declared column."""
        return list(self.changed) or [f.name for f in self.concrete_fields()]

    def columns(self):
        """{(table, column)} of every column the declaration covers, for checking captured SQL."""
        meta = self.model._meta
        covered = {(meta.db_table, meta.pk.column)}
        for parent in meta.get_parent_list():  # a page type's row joins its parents' rows by their keys
            covered.add((parent._meta.db_table, parent._meta.pk.column))
        for name in (*self.fields, *self._scope_hop()):
            field = self.model._meta.get_field(name)
            if field.many_to_many:
                through = field.remote_field.through._meta
                covered |= {(through.db_table, f.column) for f in through.local_concrete_fields}
            elif field.concrete:
                covered.add((field.model._meta.db_table, field.column))
        return covered

    @property
    def in_page_tree(self):
        """Whether a row belongs to a kommun by its page's place in the kommun's trees."""
        return self.scope is not None and self.scope.endswith(PAGE_TREE)

    def _scope_hop(self):
        if self.scope in (None, PAGE_TREE):
            return []
        return [self.scope.split("__")[0]]


class ExportedPage:
    """A page type that the static sites publish: its template and the fields it exports.

    Like Wagtail's `api_fields`: `export_fields` names the fields (or properties) exported under
    their own name, each exported by its kind (`cms.export.fields`); a page type whose export
    is more than its fields overrides `export_data` and names what else it reads in
    `export_reads`. Adding a page type is its model and its template; nothing else."""

    export_template = None
    export_fields = ()
    export_reads = ()

    @classmethod
    def export_source(cls):
        own = {f.name for f in (*cls._meta.local_fields, *cls._meta.local_many_to_many)}
        names = [n for n in dict.fromkeys((*cls.export_fields, *cls.export_reads)) if n in own]
        return Source(cls, tuple(names), PAGE_TREE, changed=("last_published_at",))

    def export_data(self, context):
        """{field: its exported value}; `context` resolves images, pages, documents and rich text."""
        from .fields import export_field

        return {name: export_field(self, name, context) for name in self.export_fields}

    @classmethod
    def template_context(cls, page, pages):
        """What its template reads besides `page` (its export), like Wagtail's `get_context`: made by the build
        from the site's export in the page's language (`pages`: cms.sitebuild.routes.LanguagePages), so a page
        type that lists other pages or content says so here, beside its model."""
        return {}


#: The settings the export reads (into the sites' pages and the admin links of the build's report).
SETTINGS = ("PUBLIC_API_URL", "PERSONAL_DATA_RETENTION_DAYS", "PERSONAL_DATA_MAX_DAYS", "WAGTAILADMIN_BASE_URL")

#: Wagtail's and Django's models the export reads, declared here since they are not ours.
WAGTAIL_SOURCES = {
    "wagtailcore.Page": dict(
        fields=(
            "title",
            "slug",
            "seo_title",
            "search_description",
            "path",
            "depth",
            "url_path",
            "live",
            "last_published_at",
            "alias_of",
            "locale",
            "translation_key",
            "content_type",
        ),
        scope=PAGE_TREE,
    ),
    "wagtailcore.PageViewRestriction": dict(fields=("page",), scope=f"page__{PAGE_TREE}"),
    "wagtailcore.Locale": dict(fields=("language_code",)),
    "wagtailcore.Site": dict(fields=("root_page",)),
    "contenttypes.ContentType": dict(fields=("app_label", "model")),
    "wagtaildocs.Document": dict(fields=("title", "file", "collection"), scope="collection__kommun"),
}


@cache
def sources():
    """Every declared source, Wagtail's first, then each installed model that declares itself."""
    declared = [Source(apps.get_model(label), **spec) for label, spec in WAGTAIL_SOURCES.items()]
    for model in apps.get_models():
        if issubclass(model, ExportedPage):
            declared.append(model.export_source())
        elif hasattr(model, "export_fields"):
            changed = tuple(getattr(model, "export_changed", ()))
            declared.append(Source(model, tuple(model.export_fields), model.export_scope, changed))
    return declared


def source_of(model):
    """The declaration of `model` (a LookupError names the model when it has none)."""
    for source in sources():
        if source.model is model:
            return source
    raise LookupError(f"{model._meta.label} does not declare what the export reads of it (export_fields).")


def rows(model):
    """`model`'s rows with only the declared columns loaded: reading another column is a query
    of its own, which tests/test_export_sources.py notices."""
    source = source_of(model)
    return model._default_manager.only(*[f.name for f in source.concrete_fields()])


def page_types():
    """The page types the static sites publish."""
    return [source.model for source in sources() if issubclass(source.model, ExportedPage)]


def in_page_trees(homes, path="path"):
    """The rows under the home pages whose paths are `homes` (each tree: the paths that start with its home's),
    `path` being the lookup to a row's page's path.

    Every path of those trees lies between the first home's path and the last one's followed by the tree's last
    path character as far as a path goes (treebeard's paths are of its alphabet): a range the database answers from
    the paths' index. The trees' prefixes alone had it read every page of the region for each kommun (SQLite:
    a tenth of an edit's publish at 21,000 pages, in the stamps of the kommuner it leaves as they are)."""
    from wagtail.models import Page

    if not homes:
        return Q(pk__in=[])
    first, last = min(homes), max(homes)
    end = last + Page.alphabet[-1] * (Page._meta.get_field("path").max_length - len(last))
    in_trees = Q()
    for home in homes:
        in_trees |= Q(**{f"{path}__startswith": home})
    return Q(**{f"{path}__gte": first, f"{path}__lte": end}) & in_trees
