"""Read one kommun's published content from the CMS into plain data.

Everything the render stage needs is gathered here, so rendering never touches the
database and an export can be hashed to tell whether anything changed.

Languages: a site publishes each language in its `sites/<slug>.toml`. A page that is
not translated into a language (Wagtail keeps an alias there) is shown in the first
available fallback (English, then Swedish) and recorded in `fallbacks`, so the build
can say which pages are missing in which language.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from cms.activities.models import Activity, ModerationStatus
from cms.base.models import CustomImage, Driver
from cms.base.times import local, local_iso
from cms.experiments import export as experiment_export
from cms.housing.models import HousingListing
from cms.jobs.models import Job
from cms.languages import SOURCE, fallback_chain

from .errors import ContentProblem

PAGE_TEMPLATES = {
    "homepage": "home.html",
    "topicpage": "topic.html",
    "storyindexpage": "stories.html",
    "storypage": "story.html",
    "guidepage": "guide.html",
    "guidephasepage": "phase.html",
    "sharedcontentpage": "shared.html",
}
PAGE_LINK = re.compile(r'<a([^>]*?)\slinktype="page"\sid="(\d+)"([^>]*)>')
DOC_LINK = re.compile(r'<a([^>]*?)\slinktype="document"\sid="(\d+)"([^>]*)>')
EMBED = re.compile(r'<embed[^>]*embedtype="image"[^>]*/?>')


def admin_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/{path}"


class KommunExport:
    """Gathers one kommun's site: pages per language, listings, images, documents."""

    def __init__(self, kommun):
        self.kommun = kommun
        self.config = kommun.config
        self.languages = list(self.config.languages)
        self.fetched = {}
        self.drivers_by_page = {}
        self.problems = []
        self.images = {}
        self.documents = {}
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
        for language in self.languages:
            pages = self._pages(language)
            data["languages_data"][language] = {
                "pages": pages,
                "experiments": self._experiments(language, pages),
                "housing": self._housing(language),
                "activities": self._activities(language),
                "jobs": self._jobs(language),
            }
        data["images"] = self.images
        data["documents"] = self.documents
        data["fallbacks"] = {lang: sorted(items) for lang, items in self.fallbacks.items()}
        data["problems"] = [str(problem) for problem in self.problems]
        return data

    # --- pages -----------------------------------------------------------------------
    def _load_pages(self):
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        source_home = self.kommun.site.root_page
        self.homes = {}
        for language in self.languages:
            locale = locales.get(language)  # none until `sync_kommuner` has run for a new language
            home = source_home if language == SOURCE else locale and source_home.get_translation_or_none(locale)
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
        self.by_key = defaultdict(dict)  # translation_key -> {language: specific page}
        self.key_of_id = {}
        self.key_of_path = {}
        self.order = []
        for language, home in self.homes.items():
            pages = Page.objects.descendant_of(home, inclusive=True).live().public().specific().order_by("path")
            for page in pages:
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
            template = PAGE_TEMPLATES.get(page.specific_class._meta.model_name)
            if template is None:
                continue
            if text_language != language:
                self.fallbacks[language].append(f"{page.title} ({self.urls[language][key]})")
            entries.append(
                {
                    "key": str(key),
                    "id": page.pk,
                    "type": page.specific_class._meta.model_name,
                    "template": template,
                    "url": self.urls[language][key],
                    "title": page.title,
                    "seo_title": page.seo_title,
                    "search_description": page.search_description,
                    "text_language": text_language,
                    "alternates": {code: urls[key] for code, urls in self.urls.items()},
                    "last_published": page.last_published_at.isoformat() if page.last_published_at else None,
                    "admin_url": admin_url(f"pages/{page.pk}/edit/"),
                    "depth": page.depth - self.homes[language].depth,
                    "parent_key": str(self.key_of_path.get(page.path[: -Page.steplen], "")),
                    "data": self._page_data(page, language),
                }
            )
        return entries

    def _page_data(self, page, language):
        with translation.override("en"):  # the build reports in English, though the admin's names are Swedish
            where = f'The page "{page.title}" ({page.specific_class._meta.verbose_name})'
        url = admin_url(f"pages/{page.pk}/edit/")
        name = page.specific_class._meta.model_name
        data = {}
        if name == "homepage":
            data.update(
                hero_headline=page.hero_headline,
                hero_intro=page.hero_intro,
                hero_image=self._image(page.hero_image_id, where, "hero image", url),
                hero_video_url=page.hero_video_url,
                sections=[self._block(b, language, where, url) for b in page.sections.raw_data],
            )
        elif name in ("topicpage", "storypage"):
            data.update(
                intro=getattr(page, "intro", ""),
                summary=getattr(page, "summary", ""),
                image=self._image(page.image_id, where, "image", url),
                body=[self._block(b, language, where, url) for b in page.body.raw_data],
                drivers=self._page_drivers(page),
            )
            if name == "topicpage":
                data["topic"] = page.topic
            else:
                data.update(
                    person=page.person, moved_from=page.moved_from, year_moved=page.year_moved, video_url=page.video_url
                )
        elif name == "storyindexpage":
            data["intro"] = page.intro
        elif name == "guidepage":
            data.update(
                intro=page.intro,
                office_name=page.office_name,
                office_address=page.office_address,
                office_url=page.office_url,
                local_note=page.local_note,
            )
        elif name == "guidephasepage":
            data.update(
                phase=page.phase,
                phase_number=page.phase_number,
                intro=page.intro,
                steps=[self._block(b, language, where, url) for b in page.steps.raw_data],
            )
        elif name == "sharedcontentpage":
            shared = page.shared_in_locale
            data.update(
                summary=shared.summary,
                body=self._rich_text(shared.body, language),
                shared={"text_language": shared.locale.language_code},
                local_note=self._rich_text(page.local_note, language),
                drivers=sorted(d.slug for d in page.shared.drivers.all()),
            )
        return data

    def _experiments(self, language, pages):
        """{page key: the running experiment's variants} for the pages of one language."""
        by_key = {page["key"]: page for page in pages}
        result = {}
        for experiment in self.experiments:
            key = str(self.key_of_id.get(experiment.page_id, ""))
            if key not in by_key:
                continue  # the page is not live, or not in this site's trees
            where = f'The experiment "{experiment.name}"'
            resolve = _VariantResolver(
                self, language, where, admin_url(f"snippets/experiments/experiment/edit/{experiment.pk}/")
            )
            published = experiment_export.for_page(experiment, by_key[key], language, resolve, self._page_urls)
            if published is not None:
                result[key] = published
        return result

    def _page_urls(self, page_id):
        key = self.key_of_id.get(page_id)
        return [urls[key] for urls in self.urls.values() if key in urls] if key else []

    # --- blocks, rich text, images ---------------------------------------------------
    def _block(self, block, language, where, url):
        kind, value = block["type"], block["value"]
        if kind in ("paragraph",):
            return {"type": kind, "value": self._rich_text(value, language)}
        if kind == "image":
            return {"type": kind, "value": self._image_value(value, where, url)}
        if kind == "video":
            return {
                "type": kind,
                "value": {
                    "title": value.get("title", ""),
                    "url": value.get("url") or "",
                    "file": self._document(value.get("video")),
                    "transcript": value.get("transcript", ""),
                    "poster": self._image(value.get("poster"), where, "video poster", url),
                },
            }
        if kind == "virtual_tour":
            items = [
                item.get("value", item) if isinstance(item, dict) and "type" in item else item
                for item in value["images"]
            ]
            return {
                "type": kind,
                "value": {
                    "heading": value["heading"],
                    "images": [self._image_value(item, where, url) for item in items],
                },
            }
        if kind == "facts":
            facts = [item.get("value", item) if "type" in item else item for item in value["facts"]]
            return {"type": kind, "value": {"heading": value.get("heading", ""), "facts": facts}}
        if kind == "call_to_action":
            return {
                "type": kind,
                "value": {
                    "text": value["text"],
                    "name": value.get("name") or "",
                    "href": self._page_url(value.get("page"), language) or value.get("url") or "",
                },
            }
        if kind == "step":
            return {"type": kind, "value": {**value, "body": self._rich_text(value["body"], language)}}
        if kind == "section":
            return {
                "type": kind,
                "value": {
                    **value,
                    "link": self._page_url(value.get("link"), language),
                    "image": self._image(value.get("image"), where, "section image", url),
                },
            }
        return {"type": kind, "value": value}

    def _page_url(self, page_id, language):
        key = self.key_of_id.get(page_id) if page_id else None
        return self.urls.get(language, {}).get(key) if key else None

    def _rich_text(self, html, language):
        """Wagtail's stored rich text with its links pointed at the static site."""

        def page_link(match):
            href = self._page_url(int(match.group(2)), language) or "#"
            return f'<a{match.group(1)} href="{href}"{match.group(3)}>'

        def document_link(match):
            document = self._document(int(match.group(2)))
            return f'<a{match.group(1)} href="{document["url"] if document else "#"}"{match.group(3)}>'

        html = PAGE_LINK.sub(page_link, html or "")
        html = DOC_LINK.sub(document_link, html)
        return EMBED.sub("", html)

    def _image_value(self, value, where, url):
        return {
            "image": self._image(value.get("image"), where, "image", url),
            "caption": value.get("caption", ""),
            "credit": value.get("credit", ""),
        }

    def _image(self, image_id, where, field, url):
        if not image_id:
            return None
        if image_id not in self.images:
            image = CustomImage.objects.filter(pk=image_id).first()
            if image is None:
                self.problems.append(
                    ContentProblem(where, field, f"uses image {image_id}, which no longer exists", url)
                )
                return None
            if not image.decorative and not (image.description or "").strip():
                self.problems.append(
                    ContentProblem(
                        f'The image "{image.title}"',
                        "alt text (description)",
                        f"is empty; {where} uses the image. Write alt text or mark the image decorative",
                        admin_url(f"images/{image.pk}/"),
                    )
                )
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
                "hash": image.get_file_hash(),
                "title": image.title,
                "admin_url": admin_url(f"images/{image.pk}/"),
            }
        return image_id

    def _document(self, document_id):
        if not document_id:
            return None
        if document_id not in self.documents:
            document = get_document_model().objects.filter(pk=document_id).first()
            if document is None:
                return None
            name = document.file.name.rsplit("/", 1)[-1]
            self.documents[document_id] = {
                "path": document.file.path,
                "url": f"/media/documents/{document.pk}/{name}",
                "title": document.title,
            }
        return self.documents[document_id]

    # --- listings ----------------------------------------------------------------------
    def _drivers(self):
        drivers = []
        for driver in Driver.objects.prefetch_related("translations"):
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

    def _texts(self, listing, language, fields, what):
        rows = {row.language_code: row for row in listing.translations.all()}
        for code in fallback_chain(language):
            row = rows.get(code)
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

    def _page_drivers(self, page):
        """A page's driver slugs; one query per page type instead of one per page and language."""
        model = page.specific_class
        if model not in self.drivers_by_page:
            field = model._meta.get_field("drivers")
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            by_page = {}
            for page_id, slug in through.objects.values_list(f"{source}_id", f"{target}__slug"):
                by_page.setdefault(page_id, []).append(slug)
            self.drivers_by_page[model] = by_page
        return sorted(self.drivers_by_page[model].get(page.pk, []))

    def _housing(self, language):
        result = []
        listings = self._once(
            "housing",
            lambda: (
                HousingListing.objects.filter(kommun=self.kommun, live=True)
                .select_related("neighbourhood")
                .prefetch_related("translations", "neighbourhood__translations")
                .order_by("pk")
            ),
        )
        for listing in listings:
            what = f"housing listing {listing.address} (#{listing.pk})"
            text_language, texts = self._texts(listing, language, ("title", "description"), what)
            edit = admin_url(f"snippets/housing/housinglisting/edit/{listing.pk}/")
            hood = listing.neighbourhood
            hood_texts = {}
            if hood is not None:
                rows = {row.language_code: row for row in hood.translations.all()}
                row = next((rows[c] for c in fallback_chain(language) if c in rows), None)
                hood_texts = {
                    "name": hood.name,
                    "description": row.description if row else "",
                    "text_language": row.language_code if row else language,
                    "nature": row.nature if row else "",
                    "services": row.services if row else "",
                    "nearest_school": hood.nearest_school,
                    "school_distance_km": float(hood.school_distance_km)
                    if hood.school_distance_km is not None
                    else None,
                    "commute_minutes_to_centre": hood.commute_minutes_to_centre,
                }
            result.append(
                {
                    "id": listing.pk,
                    "url": f"/{language}/housing/{listing.pk}/",
                    "text_language": text_language,
                    "title": texts["title"],
                    "description": texts["description"],
                    "address": listing.address,
                    "tenure": listing.tenure,
                    "rooms": listing.rooms,
                    "living_area_m2": listing.living_area_m2,
                    "monthly_rent_sek": listing.rent_sek,
                    "monthly_fee_sek": listing.fee_sek,
                    "asking_price_sek": listing.asking_price_sek,
                    "available_from": listing.available_from.isoformat() if listing.available_from else None,
                    "landlord": listing.landlord,
                    "landlord_url": listing.landlord_url,
                    "latitude": listing.latitude,
                    "longitude": listing.longitude,
                    "neighbourhood": hood_texts,
                    "images": [self._image(b["value"], what, "images", edit) for b in listing.images.raw_data],
                    "admin_url": edit,
                    "updated": listing.last_published_at.isoformat() if listing.last_published_at else None,
                }
            )
        return result

    def _activities(self, language):
        result = []
        activities = self._once(
            "activities",
            lambda: (
                Activity.objects.filter(kommun=self.kommun, live=True, moderation_status=ModerationStatus.APPROVED)
                .prefetch_related("translations", "drivers")
                .order_by("start", "pk")
            ),
        )
        for activity in activities:
            what = f"activity #{activity.pk}"
            text_language, texts = self._texts(activity, language, ("title", "description"), what)
            edit = admin_url(f"snippets/activities/activity/edit/{activity.pk}/")
            result.append(
                {
                    "id": activity.pk,
                    "slug": activity.source_id.rsplit(":", 1)[-1] if activity.source_id else str(activity.pk),
                    "url": f"/{language}/activities/{activity.pk}/",
                    "text_language": text_language,
                    "title": texts["title"],
                    "description": texts["description"],
                    "category": activity.category,
                    "audience": activity.audience,
                    "languages": activity.languages,
                    "place": activity.place,
                    "latitude": activity.latitude,
                    "longitude": activity.longitude,
                    "start": local_iso(activity.start),
                    "end": local_iso(activity.end),
                    "recurrence": activity.recurrence,
                    "until": activity.until.isoformat() if activity.until else None,
                    "price_sek": activity.price_sek,
                    "organiser": activity.organiser,
                    "contact_email": activity.contact_email,
                    "contact_phone": activity.contact_phone,
                    "drivers": sorted(d.slug for d in activity.drivers.all()),
                    "images": [self._image(b["value"], what, "images", edit) for b in activity.images.raw_data],
                    "admin_url": edit,
                    "updated": activity.last_published_at.isoformat() if activity.last_published_at else None,
                }
            )
        return result

    def _jobs(self, language):
        result = []
        jobs = self._once(
            "jobs",
            lambda: (
                Job.objects.filter(kommun=self.kommun, live=True)
                .prefetch_related("translations")
                .order_by("apply_by", "pk")
            ),
        )
        for job in jobs:
            what = f"job #{job.pk}"
            text_language, texts = self._texts(job, language, ("title", "description"), what)
            posted = job.posted_on or (local(job.first_published_at).date() if job.first_published_at else None)
            result.append(
                {
                    "id": job.pk,
                    "url": f"/{language}/jobs/{job.pk}/",
                    "text_language": text_language,
                    "title": texts["title"],
                    "description": texts["description"],
                    "employer": job.employer,
                    "occupation": job.occupation,
                    "employment_type": job.employment_type,
                    "apply_by": job.apply_by.isoformat() if job.apply_by else None,
                    "apply_url": job.url,
                    "posted_on": posted.isoformat() if posted else None,
                    "ad_url": job.ad_url,
                    "salary": job.salary,
                    "salary_sek": job.salary_sek,
                    "salary_period": job.salary_period,
                    "workplace_address": job.workplace_address,
                    "postal_code": job.postal_code,
                    "town": job.town,
                    "latitude": job.latitude,
                    "longitude": job.longitude,
                    "admin_url": admin_url(f"snippets/jobs/job/edit/{job.pk}/"),
                    "updated": job.last_published_at.isoformat() if job.last_published_at else None,
                }
            )
        return result


class _VariantResolver:
    """Turns the ids in a variant's changes into what the static page uses, as the page's own are."""

    def __init__(self, export, language, where, url):
        self.export, self.language, self.where, self.url = export, language, where, url

    def image(self, image_id):
        return self.export._image(image_id, self.where, "variant image", self.url)

    def page_url(self, page_id):
        return self.export._page_url(page_id, self.language)

    def block(self, block):
        return self.export._block(block, self.language, self.where, self.url)


def export_kommun(kommun):
    """One kommun's published content as plain, JSON-serialisable data."""
    return KommunExport(kommun).run()
