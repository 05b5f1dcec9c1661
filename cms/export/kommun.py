"""Read one kommun's published content from the CMS into plain data.

Everything the render stage needs is gathered here, so rendering never touches the
database. What is read of each model is what the model declares (`cms.export.declarations`):
pages export themselves (`ExportedPage.export_data`), blocks too (`cms.export.blocks`), and
each listing app exports its listings (its `export.LISTING`).

Languages: a site publishes each language in its `sites/<slug>.toml`. A page that is
not translated into a language (Wagtail keeps an alias there) is shown in the first
available fallback (English, then Swedish) and recorded in `fallbacks`, so the build
can say which pages are missing in which language.
"""

import logging
from collections import defaultdict
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import translation
from django.utils.module_loading import module_has_submodule
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.utils.file import hash_filelike

from cms.base.blocks import BodyBlock
from cms.base.models import CustomImage, Driver, DriverTranslation, ImageAltText
from cms.experiments import export as experiment_export
from cms.languages import SOURCE, fallback_chain
from cms.translations.notice import mark_source_updated

from . import problems
from .blocks import export_stream
from .declarations import ExportedPage, in_page_trees, rows, source_of
from .files import file_problem
from .page_cache import page_row
from .problems import ContentProblem, LeftOut
from .richtext import static_rewriter

logger = logging.getLogger(__name__)


def admin_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/{path}"


def listing_exports():
    """Each listing app's export (the `LISTING` of its `export` module), in INSTALLED_APPS order."""
    found = []
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "export"):
            listing = getattr(import_module(f"{app.name}.export"), "LISTING", None)
            if listing is not None:
                found.append(listing)
    return found


class TreePage:
    """One live page of the kommun's trees as the export reads it before its own type: its declared `Page`
    columns (cms.export.declarations), read as plain values. Most pages' exports are kept (cms.export.page_cache),
    so this is all the export reads of them; making a Wagtail `Page` of each row was more than half of reading
    the trees after an edit (0.30 -> 0.13 s of the export's 1.5 s under cProfile, 21,000-page scale)."""

    @classmethod
    def rows(cls, queryset):
        """The pages of `queryset` (of `Page`, its declared columns loaded), in its order."""
        names = ["pk", *(field.attname for field in source_of(Page).concrete_fields())]
        for values in queryset.values_list(*names):
            page = cls()
            page.__dict__.update(zip(names, values, strict=True))
            yield page

    @property
    def specific_class(self):
        """The page's own type, as Wagtail's `Page.specific_class` gives it."""
        return ContentType.objects.get_for_id(self.content_type_id).model_class()


class KommunExport:
    """Gathers one kommun's site: pages per language, listings, images, documents.

    With a `cache` (cms.export.page_cache.PageCache), a page whose own rows and context are those
    of the last export is not loaded nor exported again: its kept data is used, and what its
    export did besides (images and documents gathered, problems reported) is done again in the
    same order, so the export is the one a full export gives. The listings are kept the same way, each
    language's list of each kind whole, while the context stands."""

    def __init__(self, kommun, unreadable=None, cache=None):
        self.kommun = kommun
        # {page id: LeftOut} of pages whose export failed in an earlier attempt: left out with their subpages
        self.unreadable = dict(unreadable or {})
        self.left_out_pages = set(self.unreadable)
        self.cache = cache
        self.recording = None  # the calls the page being exported makes (image, document, mark_image, leave_out)
        self.config = kommun.config
        self.languages = list(self.config.languages)
        self.fetched = {}
        self.related = {}
        self.problems = []
        # what the site leaves out (LeftOut), said so the editor can fix it
        self.left_out = list(self.unreadable.values())
        self.images = {}
        self.images_left_out = set()
        self.preloaded = {}  # "image" / "document" -> (the ids read together, {id: row}): see `_row`
        self.documents = {}
        self.documents_left_out = set()
        self.rewriters = {}
        self.link_on = ("", "")  # (the record whose rich text is being rewritten, its admin URL)
        self.paths = {}  # language -> the paths of its pages
        self.fallbacks = defaultdict(list)  # language -> [what is shown in another language]

    # --- entry point -----------------------------------------------------------------
    def run(self):
        self._load_pages()
        data = {
            "slug": self.kommun.slug,
            "api_url": settings.PUBLIC_API_URL.rstrip("/"),
            "config": self.config.model_dump(mode="json"),
            "languages": self.languages,
            "drivers": self._drivers(),
            "privacy": {
                "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
                "max_days": settings.PERSONAL_DATA_MAX_DAYS,
            },
            "languages_data": {},
        }
        self.experiments = experiment_export.running(self.kommun)
        listings = listing_exports()
        for language in self.languages:
            pages = self._pages(language)
            data["languages_data"][language] = {"pages": pages, "experiments": self._experiments(language, pages)}
            for listing in listings:
                data["languages_data"][language][listing.key] = self._listings(listing, language)
        # "The Swedish version has been updated" on the translations whose Swedish original changed since; kept
        # listings carry it as they were marked when exported (their records were not read now).
        mark_source_updated(self.kommun, data, {listing.key: self.fetched.get(listing.key, []) for listing in listings})
        data["images"] = self.images
        data["documents"] = self.documents
        data["fallbacks"] = {lang: sorted(items) for lang, items in self.fallbacks.items()}
        data["problems"] = [str(problem) for problem in self.problems]
        data["left_out"] = [problem.as_data() for problem in dict.fromkeys(self.left_out)]  # once, not per language
        return data

    # --- pages -----------------------------------------------------------------------
    def _load_pages(self):
        locales = dict(rows(Locale).values_list("language_code", "pk"))
        self.locale_codes = {pk: code for code, pk in locales.items()}
        root_id = rows(Site).filter(pk=self.kommun.site_id).values_list("root_page", flat=True).get()
        source_home = rows(Page).get(pk=root_id)
        translations = {
            page.locale_id: page
            for page in rows(Page).filter(translation_key=source_home.translation_key).exclude(pk=source_home.pk)
        }
        self.homes = {}
        for language in self.languages:
            home = source_home if language == SOURCE else translations.get(locales.get(language))
            if home is None:
                self.problems.append(
                    ContentProblem(
                        f"The {language} home page of {self.config.name}",
                        "translation",
                        "does not exist, although sites/" + self.kommun.slug + ".toml lists the language",
                        admin_url(f"pages/{source_home.pk}/"),
                    )
                )
                continue
            self.homes[language] = home
        self.tree = in_page_trees([home.path for home in self.homes.values()])
        restricted = list(rows(PageViewRestriction).values_list("page__path", flat=True))
        left_out = list(rows(Page).filter(pk__in=self.unreadable).values_list("path", flat=True))
        live = [
            page
            for page in TreePage.rows(rows(Page).filter(self.tree or Q(pk__in=[])).live().order_by("path"))
            if not any(page.path.startswith(path) for path in restricted + left_out)
        ]
        self.specific = self._specific_pages(live)
        self.by_key = defaultdict(dict)  # translation_key -> {language: specific page}
        self.key_of_id = {}
        self.key_of_path = {}
        self.order = []
        for language, home in self.homes.items():
            for page in live:
                if not page.path.startswith(home.path):
                    continue
                page = self.specific.get(page.pk, page)
                self.by_key[page.translation_key][language] = page
                self.key_of_id[page.pk] = page.translation_key
                self.key_of_path[page.path] = page.translation_key
                if language == SOURCE:
                    self.order.append(page.translation_key)
        self.urls = {language: {} for language in self.homes}
        for key in self.order:
            for language, home in self.homes.items():
                tree_page = self.by_key[key].get(language)
                if tree_page is not None:
                    relative = tree_page.url_path[len(home.url_path) :]
                else:  # a page created without syncing the trees: its Swedish path
                    relative = self.by_key[key][SOURCE].url_path[len(self.homes[SOURCE].url_path) :]
                self.urls[language][key] = f"/{language}/{relative}"

    def _specific_pages(self, pages):
        """{pk: the page as its own type} for the published page types, one query per type; a page whose
        kept export is fresh (cms.export.page_cache) is not loaded: its kept data is all it needs."""
        needed = defaultdict(set)
        for page in pages:
            if self.cache is None or not self.cache.fresh(page.pk, page_row(page)):
                needed[ContentType.objects.get_for_id(page.content_type_id).model_class()].add(page.pk)
        everything = len(needed) and sum(map(len, needed.values())) == len(pages)
        specific = {}
        for model, ids in needed.items():
            if model is not None and issubclass(model, ExportedPage):
                fields = [f.name for f in (*source_of(Page).concrete_fields(), *source_of(model).concrete_fields())]
                chosen = model.objects.filter(self.tree) if everything else model.objects.filter(pk__in=ids)
                for page in chosen.only(*fields):
                    if page.pk in ids:
                        specific[page.pk] = page
        return specific

    def _specific(self, page, model):
        """The page as its own type: loaded with the others, or now (a kept page wanted in a new language)."""
        if isinstance(page, model):
            return page
        fields = [f.name for f in (*source_of(Page).concrete_fields(), *source_of(model).concrete_fields())]
        self.specific[page.pk] = model.objects.only(*fields).get(pk=page.pk)
        return self.specific[page.pk]

    def _content_page(self, key, language):
        """The page whose text is shown for `key` in `language`, and its language."""
        versions = self.by_key[key]
        for code in fallback_chain(language):
            page = versions.get(code)
            if page is not None and not page.alias_of_id:
                return page, code
        return versions[SOURCE], SOURCE

    def _pages(self, language):
        if language not in self.homes:
            return []
        entries = []
        for key in self.order:
            page, text_language = self._content_page(key, language)
            model = page.specific_class
            if model is None or not issubclass(model, ExportedPage):
                continue
            if text_language != language:
                self.fallbacks[language].append(f"{page.title} ({self.urls[language][key]})")
            with translation.override("en"):  # the build reports in English, though the admin's names are Swedish
                where = f'The page "{page.title}" ({model._meta.verbose_name})'
            edit = admin_url(f"pages/{page.pk}/edit/")
            entries.append(
                {
                    "key": str(key),
                    "id": page.pk,
                    "type": model._meta.model_name,
                    "template": model.export_template,
                    "url": self.urls[language][key],
                    "title": page.title,
                    "seo_title": page.seo_title,
                    "search_description": page.search_description,
                    "text_language": text_language,
                    "alternates": {code: urls[key] for code, urls in self.urls.items()},
                    "last_published": page.last_published_at.isoformat() if page.last_published_at else None,
                    "admin_url": edit,
                    "depth": page.depth - self.homes[language].depth,
                    "parent_key": str(self.key_of_path.get(page.path[: -Page.steplen], "")),
                    "data": self._page_data(page, model, SiteContext(self, language, where, edit, f'"{page.title}"')),
                }
            )
        return entries

    def _page_data(self, page, model, context):
        """The page's exported data in the context's language: kept from the last export when fresh (its
        recorded calls made again), else exported now and kept for the next. None when it cannot be read
        (its stored content corrupt, a block gone from the code): noted in `unreadable`, so
        `export_kommun` exports the site again without it."""
        row = page_row(page)
        kept = self.cache.get(page.pk, row, context.language) if self.cache is not None else None
        if kept is not None:
            data, calls = kept
            for name, args in calls:
                getattr(self, name)(*args)
            return data
        self.recording = calls = []
        try:
            data = self._specific(page, model).export_data(context)
        except Exception as exc:  # one page never holds back its kommun, whatever broke in it
            logger.exception("The page %s could not be exported.", page.pk)
            self.unreadable[page.pk] = LeftOut(
                problems.PAGE_NOT_EXPORTABLE, context.url, record=context.record, error=type(exc).__name__
            )
            return None
        finally:
            self.recording = None
        if self.cache is not None:
            self.cache.put(page.pk, row, context.language, data, calls)
        return data

    def _listings(self, listing, language):
        """The kommun's listings of one kind in `language`: kept from the last export while its context stands (what
        their export did besides made again, in the same order), else exported now and kept for the next."""
        kept = self.cache.listings(listing.key, language) if self.cache is not None else None
        if kept is not None:
            entries, calls = kept
            for name, args in calls:
                getattr(self, name)(*args)
            return entries
        records = self._once(listing.key, lambda: listing.rows(self.kommun))
        self.recording = calls = []
        try:
            entries = [listing.entry(record, SiteContext(self, language)) for record in records]
        finally:
            self.recording = None
        if self.cache is not None:
            self.cache.put_listings(listing.key, language, entries, calls)
        return entries

    def _experiments(self, language, pages):
        """{page key: the running experiment's variants} for the pages of one language."""
        by_key = {page["key"]: page for page in pages}
        result = {}
        for experiment in self.experiments:
            key = str(self.key_of_id.get(experiment.page_id, ""))
            if key not in by_key:
                continue  # the page is not live, or not in this site's trees
            where = f'The experiment "{experiment.name}"'
            edit = admin_url(f"snippets/experiments/experiment/edit/{experiment.pk}/")
            resolve = SiteContext(self, language, where, edit, f'"{experiment.name}"')
            published = experiment_export.for_page(experiment, by_key[key], language, resolve, self._page_urls)
            if published is not None:
                result[key] = published
        return result

    def _page_urls(self, page_id):
        key = self.key_of_id.get(page_id)
        return [urls[key] for urls in self.urls.values() if key in urls] if key else []

    def page_url(self, page_id, language):
        key = self.key_of_id.get(page_id) if page_id else None
        return self.urls.get(language, {}).get(key) if key else None

    # --- rich text, images, documents ------------------------------------------------
    def rich_text(self, html, language, record, url):
        """Wagtail's stored rich text with its links pointed at the static site; a link to what the site
        does not publish keeps its text and is reported against `record` (fixed at `url`)."""
        if language not in self.rewriters:
            self.rewriters[language] = static_rewriter(
                lambda page_id: self.page_url(page_id, language),
                lambda document_id: (self.document(document_id) or {}).get("url"),
                lambda linktype, target: self.leave_out(self._link_left_out(linktype, target, *self.link_on)),
                lambda: self.site_paths(language),
            )
        self.link_on = (record, url)
        return self.rewriters[language](html or "")

    def leave_out(self, problem):
        """Report a link the site leaves out (recorded, so a kept page's export reports it again)."""
        if self.recording is not None:
            self.recording.append(("leave_out", (problem,)))
        self.left_out.append(problem)

    def site_paths(self, language):
        """The paths of the site's pages in `language`, which a link typed by hand may name."""
        if language not in self.paths:
            self.paths[language] = set(self.urls.get(language, {}).values())
        return self.paths[language]

    def _link_left_out(self, linktype, target, record, url):
        """Why a rich-text link to `target` (a page or document id) goes nowhere on this site."""
        if linktype == "document":
            return LeftOut(problems.LINK_TO_MISSING_DOCUMENT, url, record=record)
        if linktype == "path":
            return LeftOut(problems.LINK_TO_TYPED_PATH, url, record=record, target=target)
        page = rows(Page).filter(pk=target).first() if target is not None else None
        if page is None:
            return LeftOut(problems.LINK_TO_DELETED_PAGE, url, record=record)
        if not any(page.path.startswith(home.path) for home in self.homes.values()):
            return LeftOut(problems.LINK_TO_OTHER_KOMMUN, url, record=record, target=page.title)
        return LeftOut(problems.LINK_TO_UNPUBLISHED_PAGE, url, record=record, target=page.title)

    def image(self, image_id, record, field, url):
        """The image's id once it is gathered for the site, or None when the site leaves it out (reported
        against `record`, the page or listing using it): deleted, without alt text, or its file unusable."""
        if self.recording is not None:
            self.recording.append(("image", (image_id, record, field, url)))
        if not image_id:
            return None
        if image_id in self.images_left_out:
            return None
        if image_id not in self.images:
            image = self._row("image", image_id)
            problem = self._image_left_out(image, record, field, url)
            if problem is not None:
                # Left out, not refused: one image never holds back the rest of the kommun's site.
                self.left_out.append(problem)
                self.images_left_out.add(image_id)
                return None
            texts = image.alt_texts()
            alt = {}
            for language in self.languages:
                text, text_language = image.alt_text_in(fallback_chain(language), texts)
                alt[language] = {"text": text, "text_language": text_language or language}
            self.images[image_id] = {
                "id": image.pk,
                "path": image.file.path,
                "width": image.width,
                "height": image.height,
                "alt": alt,
                "decorative": image.decorative,
                "credit": image.credit,
                "hash": _file_hash(image),
                "focal": focal_point(image),
                "focal_rect": focal_rect(image),
                "title": image.title,
                "admin_url": admin_url(f"images/{image.pk}/"),
            }
        return image_id

    def _image_left_out(self, image, record, field, url):
        """Why the site leaves `image` out (a LeftOut), or None when it can show it."""
        if image is None:
            return LeftOut(problems.IMAGE_DELETED, url, record=record, field=field)
        fix = admin_url(f"images/{image.pk}/")
        if not image.decorative and not (image.description or "").strip():
            return LeftOut(problems.IMAGE_WITHOUT_ALT_TEXT, fix, image=image.title, record=record)
        wrong = file_problem(image.file.path, image.file_hash, image=True)
        if wrong is not None:
            return LeftOut(wrong, fix, image=image.title)
        return None

    def _row(self, kind, pk):
        """The row of an image or a document ("image", "document": the export's calls that gather them) by its id, or
        None when there is none. Those the kept exports name (cms.export.page_cache) are read together when the first
        is asked for: replaying their calls read them one query each, a tenth of an edit's publish."""
        if kind not in self.preloaded:
            ids = {pk, *(self.cache.named(kind) if self.cache is not None else ())}
            wanted = sorted(i for i in ids if type(i) is int)  # an id of another type (none so far) is read alone
            found = {}
            for start in range(0, len(wanted), 500):  # within every database's limit of parameters to a query
                found |= {row.pk: row for row in self._rows_of(kind).filter(pk__in=wanted[start : start + 500])}
            self.preloaded[kind] = (set(wanted), found)
        wanted, found = self.preloaded[kind]
        if pk in wanted:
            return found.get(pk)
        return self._rows_of(kind).filter(pk=pk).first()

    @staticmethod
    def _rows_of(kind):
        if kind == "image":
            return rows(CustomImage).prefetch_related(Prefetch("alt_text_rows", rows(ImageAltText)))
        return rows(get_document_model())

    def mark_image(self, image_id, use):
        """An image with a use that asks the build for more renditions ("hero": cropped to the hero's shapes;
        "panorama": served large to the tour's viewer); recorded, so a kept page's export marks it again."""
        if self.recording is not None:
            self.recording.append(("mark_image", (image_id, use)))
        self.images[image_id][use] = True

    def document(self, document_id):
        """What the site needs of a document (its file, URL and title), or None when it is not there
        to link to: deleted, or its file missing on disk (reported once)."""
        if self.recording is not None:
            self.recording.append(("document", (document_id,)))
        if not document_id or document_id in self.documents_left_out:
            return None
        if document_id not in self.documents:
            document = self._row("document", document_id)
            if document is None:
                return None
            if file_problem(document.file.path) is not None:
                self.left_out.append(
                    LeftOut(
                        problems.DOCUMENT_FILE_MISSING,
                        admin_url(f"documents/edit/{document.pk}/"),
                        document=document.title,
                    )
                )
                self.documents_left_out.add(document_id)
                return None
            name = document.file.name.rsplit("/", 1)[-1]
            self.documents[document_id] = {
                "path": document.file.path,
                "url": f"/media/documents/{document.pk}/{name}",
                "title": document.title,
            }
        return self.documents[document_id]

    # --- shared by pages and listings ------------------------------------------------
    def _drivers(self):
        drivers = []
        for driver in rows(Driver).prefetch_related(Prefetch("translations", rows(DriverTranslation))):
            written = {row.language_code for row in driver.translations.all() if row.name}
            drivers.append(
                {
                    "slug": driver.slug,
                    "labels": {code: driver.label(code) for code in self.languages},
                    # a name not translated is the Swedish one (Driver.label), and is marked so
                    "label_languages": {code: code if code in written else SOURCE for code in self.languages},
                }
            )
        return drivers

    def texts(self, record, language, fields, what):
        """(language, {field: text}) of a listing's translation rows in the best language written."""
        rows_by_language = {row.language_code: row for row in record.translations.all()}
        for code in fallback_chain(language):
            row = rows_by_language.get(code)
            if row is not None and all(getattr(row, f, "") for f in fields if f != "title"):
                if code != language:
                    self.fall_back(language, what)
                return code, {f: getattr(row, f, "") for f in fields}
        return SOURCE, {f: "" for f in fields}

    def fall_back(self, language, what):
        """Note that `what` is shown in another language than `language` (recorded, so a kept export notes it again)."""
        if self.recording is not None:
            self.recording.append(("fall_back", (language, what)))
        self.fallbacks[language].append(what)

    def _once(self, key, queryset):
        """A listing query's rows, fetched for the first language and reused for the others."""
        if key not in self.fetched:
            self.fetched[key] = list(queryset())
        return self.fetched[key]

    def related_slugs(self, instance, name):
        """The slugs `instance.name` (a many-to-many field) points at; one query per page type and
        field instead of one per page and language."""
        model = type(instance)
        if (model, name) not in self.related:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            by_id = {}
            for owner_id, slug in through.objects.values_list(f"{source}_id", f"{target}__slug"):
                by_id.setdefault(owner_id, []).append(slug)
            self.related[model, name] = by_id
        return sorted(self.related[model, name].get(instance.pk, []))


def focal_point(image):
    """The centre of the editor's focal point, in tenths of the image's width and height, or None.

    Crops (a card's 3:2, the hero's shapes on a phone and on a desktop) keep it in view: the theme
    positions the picture by it, in steps of a tenth, so a page needs no inline style."""
    if image.focal_point_x is None or image.focal_point_y is None or not image.width or not image.height:
        return None
    return [round(image.focal_point_x * 10 / image.width) * 10, round(image.focal_point_y * 10 / image.height) * 10]


def focal_rect(image):
    """The editor's focal point as [x, y, width, height] in pixels, centre-based as Wagtail stores it, or None."""
    if image.focal_point_x is None or image.focal_point_y is None:
        return None
    return [image.focal_point_x, image.focal_point_y, image.focal_point_width or 0, image.focal_point_height or 0]


def _file_hash(image):
    """The image file's hash as Wagtail computes it at upload. One stored without it (by code) gets
    it now, written to that column alone (`Image.get_file_hash` would save the whole row and
    reindex it): from then on a file changed on disk behind the CMS's back is noticed."""
    if not image.file_hash:
        with image.open_file() as file:
            image.file_hash = hash_filelike(file)
        type(image).objects.filter(pk=image.pk).update(file_hash=image.file_hash)
    return image.file_hash


class SiteContext:
    """What a page, block or listing needs to export itself for one site and language: ids turned
    into what the static page uses (images gathered once, pages into URLs, documents copied),
    with problems reported against the record being exported (`where`, its admin `url`)."""

    def __init__(self, export, language, where="", url="", record=None):
        self.export, self.language, self.where, self.url = export, language, where, url
        self.record = record or where  # how a left-out problem names the record: its quoted title

    def about(self, where, url):
        """The same site and language, reporting problems against another record."""
        return SiteContext(self.export, self.language, where, url)

    def image(self, image_id, field="image"):
        return self.export.image(image_id, self.record, field, self.url)

    def hero_image(self, image_id, field="image"):
        """An image shown as a page's hero: the build also crops it to the hero's shapes (art direction)."""
        image_id = self.image(image_id, field)
        if image_id is not None:
            self.export.mark_image(image_id, "hero")
        return image_id

    def panorama_image(self, image_id, field="image"):
        """A 360° panorama: the build also serves it large (4096 px) to the tour's viewer."""
        image_id = self.image(image_id, field)
        if image_id is not None:
            self.export.mark_image(image_id, "panorama")
        return image_id

    def document(self, document_id):
        return self.export.document(document_id)

    def page_url(self, page_id):
        return self.export.page_url(page_id, self.language)

    def rich_text(self, html):
        return self.export.rich_text(html, self.language, self.record, self.url)

    def related_slugs(self, instance, name):
        return self.export.related_slugs(instance, name)

    def locale_code(self, locale_id):
        return self.export.locale_codes[locale_id]

    def texts(self, record, fields, what):
        return self.export.texts(record, self.language, fields, what)

    def admin_url(self, path):
        return admin_url(path)

    def block(self, block):
        """One block of a page body (an experiment's alternative body), exported as the page's own are."""
        return export_stream(BodyBlock(), [block], self)[0]


def export_kommun(kommun, cache=None):
    """One kommun's published content as plain, JSON-serialisable data; with a `cache`
    (cms.export.page_cache.PageCache), the pages unchanged since the last export are not exported again.

    A page that cannot be exported is left out with its subpages, and the site is exported again
    without it, so that no other page links to it (a rare path: a second export, not a failed build)."""
    export = KommunExport(kommun, cache=cache)
    data = export.run()
    while set(export.unreadable) - set(export.left_out_pages):
        export = KommunExport(kommun, export.unreadable, cache)
        data = export.run()
    return data
