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

from .blocks import export_stream
from .declarations import ExportedPage, rows, source_of
from .problems import ContentProblem
from .richtext import static_rewriter


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


class KommunExport:
    """Gathers one kommun's site: pages per language, listings, images, documents."""

    def __init__(self, kommun):
        self.kommun = kommun
        self.config = kommun.config
        self.languages = list(self.config.languages)
        self.fetched = {}
        self.related = {}
        self.problems = []
        self.left_out = []  # what the site leaves out (ContentProblem), said so the editor can fix it
        self.images = {}
        self.images_left_out = set()
        self.documents = {}
        self.rewriters = {}
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
                records = self._once(listing.key, lambda listing=listing: listing.rows(self.kommun))
                data["languages_data"][language][listing.key] = [
                    listing.entry(record, SiteContext(self, language)) for record in records
                ]
        data["images"] = self.images
        data["documents"] = self.documents
        data["fallbacks"] = {lang: sorted(items) for lang, items in self.fallbacks.items()}
        data["problems"] = [str(problem) for problem in self.problems]
        data["left_out"] = [problem.as_data() for problem in self.left_out]
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
        self.tree = Q()
        for home in self.homes.values():
            self.tree |= Q(path__startswith=home.path)
        restricted = list(rows(PageViewRestriction).values_list("page__path", flat=True))
        live = [
            page
            for page in rows(Page).filter(self.tree or Q(pk__in=[])).live().order_by("path")
            if not any(page.path.startswith(path) for path in restricted)
        ]
        specific = self._specific_pages(live)
        self.by_key = defaultdict(dict)  # translation_key -> {language: specific page}
        self.key_of_id = {}
        self.key_of_path = {}
        self.order = []
        for language, home in self.homes.items():
            for page in live:
                if not page.path.startswith(home.path):
                    continue
                page = specific.get(page.pk, page)
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
        """{pk: the page as its own type} for the published page types, one query per type."""
        models = {ContentType.objects.get_for_id(page.content_type_id).model_class() for page in pages}
        ids = {page.pk for page in pages}
        specific = {}
        for model in models:
            if model is not None and issubclass(model, ExportedPage):
                fields = [f.name for f in (*source_of(Page).concrete_fields(), *source_of(model).concrete_fields())]
                for page in model.objects.filter(self.tree).only(*fields):
                    if page.pk in ids:
                        specific[page.pk] = page
        return specific

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
            if not isinstance(page, ExportedPage):
                continue
            if text_language != language:
                self.fallbacks[language].append(f"{page.title} ({self.urls[language][key]})")
            with translation.override("en"):  # the build reports in English, though the admin's names are Swedish
                where = f'The page "{page.title}" ({page.specific_class._meta.verbose_name})'
            edit = admin_url(f"pages/{page.pk}/edit/")
            entries.append(
                {
                    "key": str(key),
                    "id": page.pk,
                    "type": page.specific_class._meta.model_name,
                    "template": page.export_template,
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
                    "data": page.export_data(SiteContext(self, language, where, edit)),
                }
            )
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
            resolve = SiteContext(self, language, where, edit)
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
    def rich_text(self, html, language):
        """Wagtail's stored rich text with its links pointed at the static site."""
        if language not in self.rewriters:
            self.rewriters[language] = static_rewriter(
                lambda page_id: self.page_url(page_id, language),
                lambda document_id: (self.document(document_id) or {}).get("url"),
            )
        return self.rewriters[language](html or "")

    def image(self, image_id, where, field, url):
        if not image_id:
            return None
        if image_id in self.images_left_out:
            return None
        if image_id not in self.images:
            image = (
                rows(CustomImage)
                .prefetch_related(Prefetch("alt_text_rows", rows(ImageAltText)))
                .filter(pk=image_id)
                .first()
            )
            if image is None:
                self.problems.append(
                    ContentProblem(where, field, f"uses image {image_id}, which no longer exists", url)
                )
                return None
            if not image.decorative and not (image.description or "").strip():
                # Left out, not refused: one image never holds back the rest of the kommun's site.
                self.left_out.append(
                    ContentProblem(
                        f'The image "{image.title}"',
                        "alt text (description)",
                        f"is empty, so the image was left out where {where} uses it. "
                        "Write alt text or mark the image decorative",
                        admin_url(f"images/{image.pk}/"),
                    )
                )
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

    def document(self, document_id):
        if not document_id:
            return None
        if document_id not in self.documents:
            document = rows(get_document_model()).filter(pk=document_id).first()
            if document is None:
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
                    self.fallbacks[language].append(what)
                return code, {f: getattr(row, f, "") for f in fields}
        return SOURCE, {f: "" for f in fields}

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

    def __init__(self, export, language, where="", url=""):
        self.export, self.language, self.where, self.url = export, language, where, url

    def about(self, where, url):
        """The same site and language, reporting problems against another record."""
        return SiteContext(self.export, self.language, where, url)

    def image(self, image_id, field="image"):
        return self.export.image(image_id, self.where, field, self.url)

    def hero_image(self, image_id, field="image"):
        """An image shown as a page's hero: the build also crops it to the hero's shapes (art direction)."""
        image_id = self.image(image_id, field)
        if image_id is not None:
            self.export.images[image_id]["hero"] = True
        return image_id

    def panorama_image(self, image_id, field="image"):
        """A 360° panorama: the build also serves it large (4096 px) to the tour's viewer."""
        image_id = self.image(image_id, field)
        if image_id is not None:
            self.export.images[image_id]["panorama"] = True
        return image_id

    def document(self, document_id):
        return self.export.document(document_id)

    def page_url(self, page_id):
        return self.export.page_url(page_id, self.language)

    def rich_text(self, html):
        return self.export.rich_text(html, self.language)

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


def export_kommun(kommun):
    """One kommun's published content as plain, JSON-serialisable data."""
    return KommunExport(kommun).run()
