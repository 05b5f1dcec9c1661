"""Load the demo content under `content/demo/` into the CMS, idempotently.

`load()` validates every file first and only then writes: the sites, the region's content
and the accounts in one transaction, then each kommun in a transaction of its own. A
broken record stops the load with a message naming its file, record and field; nothing
of that kommun is stored half-way, and a second run loads what is still missing.

Within a kommun's transaction, the work Wagtail and the search do after every save (the
admin's search index, the public search index) runs once per object when the kommun is
complete, the reference index in sets (`references`), and each row a foreign key refers to is looked up once
(`known_rows`), and whether a page is a site's root, restricted or in a workflow is answered from what existed before
(`quiet_load`): what is stored is the same as saving one object at a time. Under DEBUG the load
keeps no log of its queries (`quiet_load.sql_not_logged`).
"""

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

import PIL.Image
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Locale

from ..exceptions import ContentError
from ..kommuner import ensure_translation_trees, sync_kommuner
from ..models import CustomImage, Driver, DriverTranslation, ImageAltText, validate_translation_rows
from ..site_config import load_all_sites
from ..tasks import once_each
from . import generated, home_sections, illustrations, illustrations_rooms, schema
from .bulk import publish_new
from .known_rows import known_rows
from .pages import add_child, child_by_slug, publish, translate
from .quiet_load import no_workflow_in_progress, site_roots_known, sql_not_logged, view_restrictions_known
from .references import references_together

DEMO_SOURCE = "demo"
TOPIC_SCENES = {"nature": "river", "culture": "town", "work": "harbour", "schools": "school", "healthcare": "winter"}
STORY_SCENES = ("summer", "home", "harbour", "midnight-sun")
#: The picture of a generated home, by tenure.
HOME_SCENES = {"rental": "flats", "tenant-owned": "flats", "house-for-sale": "home", "room": "town"}
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def paragraphs(text):
    """Plain demo text to rich text: blank lines separate paragraphs; HTML is escaped."""
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def read_demo(directory, slugs):
    """Every demo file the load needs, validated before anything is written."""
    region = schema.read(directory / "region.toml", schema.Region)
    common = schema.read(directory / "common.toml", schema.Common)
    kommuner = {slug: schema.read(directory / "kommuner" / f"{slug}.toml", schema.KommunContent) for slug in slugs}
    return region, common, kommuner


def grown(configs, contents):
    """Each kommun's content topped up with generated activities and jobs (see `generated`), and
    how many homes it gets; validated, like the files, before anything is written."""
    templates = generated.read_templates(settings.DEMO_CONTENT_DIR)
    sizes = generated.sizes(configs)
    result = {}
    for slug, content in contents.items():
        config, size = configs[slug], sizes[slug]
        update = {
            "activities": generated.activities(templates, content, config, size["activities"]),
            "jobs": generated.jobs(templates, content, config, size["jobs"]),
        }
        result[slug] = (content.model_copy(update=update), size["homes"])
    return result


class DemoLoader:
    """Creates what is missing and leaves what exists alone; counts what it created."""

    def __init__(self, password="demo", only=None, report=print, progress=None):
        self.password = password
        self.only = only
        self.report = report
        self.progress = progress or (lambda done, total, name, created: None)
        self.created = 0

    # --- entry point -----------------------------------------------------------------
    def load(self):
        with sql_not_logged():
            return self._load()

    def _load(self):
        from cms.search.signals import reindex_once

        configs = load_all_sites()
        slugs = list(self.only or configs)
        try:
            unknown = sorted(set(slugs) - set(configs))
            if unknown:
                raise ContentError(f"No site configuration exists for {', '.join(unknown)} (looked in sites/).")
            region, common, contents = read_demo(settings.DEMO_CONTENT_DIR, slugs)
            contents = grown(configs, contents)
            # The placeholders `sync_kommuner` removes go before any row is looked up: `known_rows` holds.
            with transaction.atomic(), once_each(), references_together(), known_rows(), view_restrictions_known():
                kommuner = {k.slug: k for k in sync_kommuner(configs)}
                self.locales = list(Locale.objects.order_by("pk"))
                self.locales.sort(key=lambda locale: locale.language_code != "sv")
                drivers = self.load_drivers(region)
                shared = self.load_shared(region, drivers)
                self.load_users(kommuner.values())
        except ContentError as exc:
            raise ContentError(f"{exc} Nothing was loaded.") from exc
        self.progress(0, len(slugs), "", self.created)
        for done, slug in enumerate(slugs, start=1):
            self.report(f"Loading {configs[slug].name}...")
            before = self.created
            try:
                with (
                    transaction.atomic(),
                    once_each(),
                    references_together(),
                    reindex_once(),
                    known_rows(),
                    site_roots_known(),
                    view_restrictions_known(),
                    no_workflow_in_progress(),
                ):
                    content, homes = contents[slug]
                    KommunDemo(self, kommuner[slug], configs[slug], content, region, common, drivers, shared).load(
                        homes
                    )
            except ContentError as exc:
                loaded = ", ".join(configs[s].name for s in slugs[: done - 1])
                raise ContentError(
                    f"{exc} Nothing of {configs[slug].name} was loaded" + (f" ({loaded} were)." if loaded else ".")
                ) from exc
            self.progress(done, len(slugs), configs[slug].name, self.created - before)
        return self.created

    def save(self, instance, where):
        """full_clean() then save; a validation error names the demo record."""
        self.validate(instance, where)
        instance.save()
        self.created += 1
        return instance

    def validate(self, instance, where):
        """full_clean() and the translation rows' rules; an error names the demo record."""
        try:
            instance.full_clean()
            if hasattr(instance, "translation_required_fields"):
                validate_translation_rows(instance)
        except ValidationError as exc:
            raise ContentError(f"The demo record {where} is invalid: {'; '.join(_messages(exc))}.") from exc

    # --- shared region content -------------------------------------------------------
    def load_drivers(self, region):
        drivers = {}
        for order, item in enumerate(region.drivers):
            driver = Driver.objects.filter(slug=item.slug).first()
            if driver is None:
                driver = Driver(slug=item.slug, name=item.name["sv"], sort_order=order)
                driver.translations = [
                    DriverTranslation(language_code=code, name=item.name[code], description=item.description[code])
                    for code in item.name
                ]
                self.save(driver, f"region.toml drivers ({item.slug})")
            drivers[item.slug] = driver
        return drivers

    def load_shared(self, region, drivers):
        from cms.region.models import SharedContent

        shared = {}
        for item in region.shared:
            source = None
            for locale in self.locales:
                code = locale.language_code
                existing = SharedContent.objects.filter(slug=item.slug, locale=locale).first()
                if existing is None:
                    existing = SharedContent(
                        slug=item.slug,
                        locale=locale,
                        title=item.title[code],
                        summary=item.summary[code],
                        body=paragraphs(item.body[code]),
                    )
                    if source is not None:
                        existing.translation_key = source.translation_key
                    existing.drivers = [drivers[d] for d in item.drivers]
                    self.save(existing, f"region.toml shared ({item.slug}, {code})")
                    existing.save_revision().publish()
                source = source or existing
            shared[item.slug] = source
        return shared

    # --- people ----------------------------------------------------------------------
    def load_users(self, kommuner):
        """`admin` and an `editor-<slug>` per kommun, all with the demo password.

        The password is hashed once and the hash given to every account made: Django's hasher
        is slow on purpose (about a third of a second each), and a salt per account guards
        nothing when the README publishes the password."""
        User = get_user_model()
        made = []
        if not User.objects.filter(username="admin").exists():
            made.append(User.objects.create_superuser("admin", "admin@example.org", None))
        for kommun in kommuner:
            username = f"editor-{kommun.slug}"
            if not User.objects.filter(username=username).exists():
                user = User.objects.create_user(
                    username, f"{username}@example.org", None, first_name="Editor", last_name=kommun.name
                )
                user.groups.add(kommun.editors_group)
                made.append(user)
        if made:
            User.objects.filter(pk__in=[user.pk for user in made]).update(password=make_password(self.password))
            self.created += len(made)


def _messages(exc):
    if hasattr(exc, "message_dict"):
        return [f"{field}: {' '.join(m.rstrip('.') for m in msgs)}" for field, msgs in exc.message_dict.items()]
    return [m.rstrip(".") for m in exc.messages]


class KommunDemo:
    """The demo content of one kommun: images, pages in every language, listings."""

    def __init__(self, loader, kommun, config, content, region, common, drivers, shared):
        self.loader, self.kommun, self.config, self.content = loader, kommun, config, content
        self.region, self.common, self.drivers, self.shared = region, common, drivers, shared
        self.locales = loader.locales
        self.file = f"kommuner/{kommun.slug}.toml"
        self.rng = random.Random(kommun.slug)

    def load(self, homes):
        """Everything of the kommun, with `homes` generated homes."""
        self.images = self.load_images()
        self.home = self.kommun.site.root_page.specific
        topics = self.load_topics()
        stories = self.load_stories()
        guide = self.load_guide()
        self.load_shared_pages()
        self.load_home(topics, stories, guide)
        neighbourhoods = self.load_neighbourhoods()
        for load_listings in (lambda: self.load_housing(neighbourhoods, homes), self.load_activities, self.load_jobs):
            self.new_listings = []
            load_listings()
            self._publish_listings()

    def _drivers(self, slugs):
        return [self.drivers[slug] for slug in slugs]

    # --- images ----------------------------------------------------------------------
    def load_images(self):
        images = {}
        for scene in illustrations.SCENES:
            title = f"{self.config.name}: {scene} (demo illustration)"
            image = CustomImage.objects.filter(collection=self.kommun.collection, title=title).first()
            if image is None:
                data = illustrations.draw_scene(scene, self.kommun.slug, illustrations.Place.from_config(self.config))
                image = _new_image(
                    data,
                    f"{self.kommun.slug}-{scene}.jpg",
                    title=title,
                    collection=self.kommun.collection,
                    description=self.describe(scene, "sv"),
                    credit="Demo illustration drawn with Pillow",
                )
                image.save()
                self.loader.created += 1
            written = set(image.alt_text_rows.values_list("language_code", flat=True))
            for code in self.common.illustrations[scene]:
                if code != "sv" and code not in written:
                    ImageAltText.objects.create(image=image, language_code=code, alt_text=self.describe(scene, code))
                    self.loader.created += 1
            images[scene] = image
        images.update(self.load_room_images())
        return images

    def load_room_images(self):
        """The rooms the demo homes show (cms/base/demo/illustrations_rooms.py), this kommun's own copies."""
        images = {}
        for kind, variant in illustrations_rooms.ROOMS:
            texts = illustrations_rooms.ALT_TEXTS[kind]
            title = f"{self.config.name}: {kind} {variant} (demo illustration)"
            image = CustomImage.objects.filter(collection=self.kommun.collection, title=title).first()
            if image is None:
                image = _new_image(
                    illustrations_rooms.draw_room(kind, variant),
                    f"{self.kommun.slug}-{kind}-{variant}.jpg",
                    title=title,
                    collection=self.kommun.collection,
                    description=texts["sv"],
                    credit="Demo illustration drawn with Pillow",
                )
                image.save()
                self.loader.created += 1
                ImageAltText.objects.bulk_create(
                    ImageAltText(image=image, language_code=code, alt_text=text)
                    for code, text in texts.items()
                    if code != "sv"
                )
            images[(kind, variant)] = image
        return images

    def describe(self, scene, code):
        """A generated scene's alt text in one language."""
        return self.common.illustrations[scene][code].format(place=self.config.name)

    def _image_block(self, scene, caption=""):
        return {"type": "image", "value": {"image": self.images[scene].pk, "caption": caption, "credit": ""}}

    # --- pages -----------------------------------------------------------------------
    def _create(self, parent, page):
        """Create `page` under `parent` unless a page with its slug exists; return it."""
        existing = child_by_slug(parent, page.slug)
        if existing is not None:
            return existing, False
        add_child(parent, page)
        self.loader.created += 1
        return page, True

    def _finish(self, page, created, texts_by_language):
        """Translate a newly created page; the trees stay in sync either way."""
        if created:
            pages = translate(page, self.locales, texts_by_language)
            self.loader.created += sum(1 for code in pages if code != "sv")
            return pages
        return {locale.language_code: page.get_translation(locale).specific for locale in self.locales}

    def load_topics(self):
        from cms.topics.models import TopicPage

        topics = {}
        for topic in self.content.topics:

            def fields(code, topic=topic):
                body = [{"type": "paragraph", "value": paragraphs(topic.body[code])}]
                body.insert(1, self._image_block(TOPIC_SCENES[topic.slug], topic.title[code]))
                if topic.facts:
                    body.append(
                        {
                            "type": "facts",
                            "value": {
                                "heading": topic.title[code],
                                "facts": [{"label": fact.label[code], "value": fact.value} for fact in topic.facts],
                            },
                        }
                    )
                if topic.slug == "nature":
                    body.append(
                        {
                            "type": "virtual_tour",
                            "value": {
                                "heading": self.content.home.virtual_tour[code],
                                "images": [
                                    {"image": self.images[s].pk, "caption": self.describe(s, code), "credit": ""}
                                    for s in ("summer", "winter", "aurora", "midnight-sun")
                                ],
                            },
                        }
                    )
                if topic.cta:
                    body.append(
                        {
                            "type": "call_to_action",
                            "value": {
                                "text": topic.cta.text[code],
                                "url": topic.cta.url,
                                "page": None,
                                "name": f"topic-{topic.slug}",
                            },
                        }
                    )
                return {"title": topic.title[code], "intro": topic.intro[code], "body": body}

            page = TopicPage(
                slug=topic.slug, topic=topic.slug, image=self.images[TOPIC_SCENES[topic.slug]], **fields("sv")
            )
            page.drivers = self._drivers(topic.drivers)
            page, created = self._create(self.home, page)
            topics[topic.slug] = self._finish(page, created, {code: fields(code) for code in ("en",)})
        return topics

    def load_stories(self):
        from cms.stories.demo import StoryMedia
        from cms.stories.models import StoryIndexPage, StoryPage

        media = StoryMedia(self)  # each story's video, and the tour story (content/demo/stories/)
        common = self.common
        index, created = self._create(
            self.home,
            StoryIndexPage(slug="stories", title=common.stories_title["sv"], intro=common.stories_intro["sv"]),
        )
        index_pages = self._finish(
            index, created, {"en": {"title": common.stories_title["en"], "intro": common.stories_intro["en"]}}
        )
        for number, story in enumerate(self.content.stories):

            def fields(code, story=story, number=number):
                body = [{"type": "paragraph", "value": paragraphs(story.body[code])}]
                body.append(media.video_block(number, story, code))
                body += [{"type": "quote", "value": {"text": q.text[code], "attribution": q.by}} for q in story.quotes]
                return {"title": story.title[code], "summary": story.summary[code], "body": body}

            page = StoryPage(
                slug=story.slug,
                person=story.person,
                moved_from=story.moved_from,
                year_moved=story.year_moved,
                image=self.images[STORY_SCENES[number % len(STORY_SCENES)]],
                **fields("sv"),
            )
            page.drivers = self._drivers(story.drivers)
            page, created = self._create(index, page)
            self._finish(page, created, {"en": fields("en")})
        self.tour = media.load_tour(index)
        return index_pages

    def load_guide(self):
        from cms.guide.models import GuidePage, GuidePhasePage

        common, local = self.common, self.content.guide

        def guide_fields(code):
            return {
                "title": common.guide_title[code],
                "intro": common.guide_intro[code],
                "local_note": local.note[code],
            }

        guide, created = self._create(
            self.home,
            GuidePage(
                slug="move-guide",
                office_name=local.office_name,
                office_address=local.office_address,
                office_url=local.office_url,
                **guide_fields("sv"),
            ),
        )
        guide_pages = self._finish(
            guide, created, {code: guide_fields(code) for code in _languages(common.guide_title)}
        )
        for phase in self.region.phases:

            def fields(code, phase=phase):
                steps = [
                    {
                        "type": "step",
                        "value": {
                            "title": s.title[code],
                            "body": paragraphs(s.body[code]),
                            "office": s.office,
                            "url": s.url,
                        },
                    }
                    for s in phase.steps
                ]
                if phase.slug == "introduce":
                    steps.append(
                        {
                            "type": "step",
                            "value": {
                                "title": local.office_name,
                                "body": paragraphs(local.note[code]) + f"<p>{escape(local.office_address)}</p>",
                                "office": local.office_name,
                                "url": local.office_url,
                            },
                        }
                    )
                return {"title": phase.title[code], "intro": phase.intro[code], "steps": steps}

            page, created = self._create(guide, GuidePhasePage(slug=phase.slug, phase=phase.slug, **fields("sv")))
            self._finish(page, created, {code: fields(code) for code in _languages(phase.title)})
        return guide_pages

    def load_shared_pages(self):
        from cms.region.models import SharedContent, SharedContentPage

        for slug, source in self.shared.items():

            def fields(code, source=source):
                translation = SharedContent.objects.get(
                    translation_key=source.translation_key, locale__language_code=code
                )
                return {"title": translation.title}

            page, created = self._create(self.home, SharedContentPage(slug=slug, shared=source, **fields("sv")))
            self._finish(page, created, {locale.language_code: fields(locale.language_code) for locale in self.locales})

    def load_home(self, topics, stories, guide):
        home = self.content.home
        if self.home.hero_intro:
            return  # already loaded: a second run changes nothing

        sections = home_sections.read(settings.DEMO_CONTENT_DIR, self.kommun.slug)
        links = {**topics, "stories": stories, "guide": guide, "tour": self.tour}

        def fields(code):
            sections_in_code = home_sections.stream(self, sections, code, links)
            return {
                "title": self.config.name,
                "hero_headline": home.headline[code],
                "hero_intro": home.intro[code],
                "hero_image": self.images["aurora" if self.rng.random() < 0.5 else "midnight-sun"],
                "sections": sections_in_code,
            }

        for name, value in fields("sv").items():
            setattr(self.home, name, value)
        publish(self.home)
        ensure_translation_trees(self.home, self.locales)
        translate(self.home, self.locales, {code: fields(code) for code in _languages(home.headline) if code != "sv"})
        self.loader.created += 1

    # --- listings --------------------------------------------------------------------
    def _listing(self, instance, translations, source_id, where):
        """Validate a new listing and hold it for `_publish_listings`; one already loaded is left alone."""
        model = type(instance)
        if model.objects.filter(source=DEMO_SOURCE, source_id=source_id).exists():
            return
        instance.kommun = self.kommun
        instance.source, instance.source_id = DEMO_SOURCE, source_id
        instance.translations = translations
        self.loader.validate(instance, f"{self.file} {where}")
        self.new_listings.append(instance)

    def _publish_listings(self):
        """Save and publish the listings held, together (`bulk.publish_new`)."""
        publish_new(self.new_listings)
        self.loader.created += len(self.new_listings)
        self.new_listings = []

    def load_neighbourhoods(self):
        from cms.housing.models import Neighbourhood, NeighbourhoodTranslation

        result = []
        for item in self.content.neighbourhoods:
            existing = Neighbourhood.objects.filter(kommun=self.kommun, slug=item.slug).first()
            if existing is None:
                existing = Neighbourhood(
                    kommun=self.kommun,
                    slug=item.slug,
                    name=item.name,
                    latitude=item.latitude,
                    longitude=item.longitude,
                    nearest_school=item.nearest_school,
                    school_distance_km=Decimal(str(round(item.school_distance_km, 1))),
                    commute_minutes_to_centre=item.commute_minutes_to_centre,
                )
                existing.translations = [
                    NeighbourhoodTranslation(
                        language_code=code,
                        description=item.description[code],
                        nature=item.nature.get(code, ""),
                        services=item.services.get(code, ""),
                    )
                    for code in item.description
                ]
                self.loader.save(existing, f"{self.file} neighbourhoods ({item.slug})")
            result.append((existing, item))
        return result

    def load_housing(self, neighbourhoods, count):
        from cms.housing.models import HousingListing, HousingListingTranslation

        from .housing_text import describe_home

        mix = ["rental"] * 12 + ["tenant-owned"] * 3 + ["house-for-sale"] * 3 + ["room"] * 2
        rng = random.Random(f"housing:{self.kommun.slug}")
        for number in range(count):
            tenure = mix[number % len(mix)]
            neighbourhood, item = neighbourhoods[number % len(neighbourhoods)]
            rooms = 1 if tenure == "room" else [1, 2, 3, 3, 4, 5][(number * 7 + rng.randint(0, 5)) % 6]
            if tenure == "rental" and number % 4 == 0:
                rooms = 3  # every kommun offers some family-sized rentals
            area = rooms * 22 + rng.randint(6, 22) if tenure != "room" else rng.randint(12, 22)
            rent = price = None
            if tenure in ("rental", "room"):
                rent = (2900 + 150 * area // 10) if tenure == "room" else int(3000 + area * 80 + rng.randint(-400, 400))
                rent = rent // 50 * 50
            else:
                price = (rooms * 280_000 + rng.randint(0, 600_000)) // 5000 * 5000
                rent = (1800 + rooms * 900) // 50 * 50 if tenure == "tenant-owned" else None
            landlord = self.content.landlords[number % len(self.content.landlords)]
            street = self.content.streets[number % len(self.content.streets)]
            address = f"{street} {rng.randint(1, 60)}"
            facts = dict(
                tenure=tenure,
                rooms=rooms,
                area=area,
                street=street,
                neighbourhood=neighbourhood.name,
                school=item.nearest_school,
                school_km=item.school_distance_km,
                commute=item.commute_minutes_to_centre,
                feature=rng.randrange(6),
            )
            translations = [
                HousingListingTranslation(language_code=code, title=title, description=text)
                for code, (title, text) in ((c, describe_home(c, **facts)) for c in ("sv", "en"))
            ]
            self._listing(
                HousingListing(
                    address=address,
                    neighbourhood=neighbourhood,
                    tenure=tenure,
                    rooms=rooms,
                    living_area_m2=area,
                    monthly_rent_sek=rent,
                    asking_price_sek=price,
                    available_from=date(2026, 12, 1) + timedelta(days=rng.randint(0, 180)),
                    landlord=landlord.name if tenure in ("rental", "room") else "Demo estate agent",
                    landlord_url=landlord.url,
                    latitude=round(neighbourhood.latitude + rng.uniform(-0.004, 0.004), 5),
                    longitude=round(neighbourhood.longitude + rng.uniform(-0.006, 0.006), 5),
                    images=[
                        {"type": "image", "value": self.images[key].pk}
                        for key in illustrations_rooms.home_photos(
                            HOME_SCENES[tenure], rooms, f"{self.kommun.slug}:home-{number + 1}"
                        )
                    ],
                ),
                translations,
                f"{self.kommun.slug}:home-{number + 1:02d}",
                f"housing listing {number + 1}",
            )

    def load_activities(self):
        from cms.activities.models import Activity, ActivityTranslation

        for item in self.content.activities:
            activity = Activity(
                category=item.category,
                audience=list(item.audience),
                languages=list(item.languages),
                place=item.place,
                latitude=item.latitude,
                longitude=item.longitude,
                start=item.start.replace(tzinfo=STOCKHOLM),
                end=item.end.replace(tzinfo=STOCKHOLM),
                recurrence=item.recurrence or "",
                until=item.until,
                price_sek=item.price_sek,
                organiser=item.organiser,
                contact_email=item.contact_email,
            )
            translations = [
                ActivityTranslation(language_code=code, title=item.title[code], description=item.description[code])
                for code in item.title
                if code in item.description
            ]
            source_id = f"{self.kommun.slug}:{item.slug}"
            if not Activity.objects.filter(source=DEMO_SOURCE, source_id=source_id).exists():
                activity.drivers = self._drivers(item.drivers)
            self._listing(activity, translations, source_id, f"activities ({item.slug})")

    def load_jobs(self):
        from cms.jobs.models import Job, JobTranslation

        for item in self.content.jobs:
            translations = [
                JobTranslation(
                    language_code=code,
                    title=item.title[code],
                    description=item.description[code],
                    requirements=item.requirements.get(code, ""),
                    how_to_apply=item.how_to_apply.get(code, ""),
                )
                for code in item.title
                if code in item.description
            ]
            self._listing(
                Job(
                    employer=item.employer,
                    occupation=item.occupation,
                    occupation_group=item.occupation_group,
                    working_hours=item.working_hours,
                    languages=list(item.languages),
                    remote=item.remote,
                    salary=item.salary,
                    salary_type=item.salary_type,
                    employment_type=item.employment_type,
                    apply_by=item.apply_by,
                    posted_on=item.posted,
                    url=item.url,
                    latitude=self.config.location.latitude,
                    longitude=self.config.location.longitude,
                ),
                translations,
                f"{self.kommun.slug}:{item.slug}",
                f"jobs ({item.slug})",
            )


def _languages(texts):
    return [code for code, text in texts.items() if text]


def _new_image(data, name, **fields):
    """A new image of the JPEG `data`, its file stored under `name` as saving it would store it.

    Given a file, Django's image field reads its width and height through Wagtail, which decodes
    the whole picture (Willow loads it): once when the image is made and again when its file is
    saved, a second or more of a kommun's load. Here the file is stored the way `FieldFile.save`
    stores it and the size read from the JPEG's header by Pillow, so the image is made with both
    and neither decode happens; the row and the file are the same."""
    field = CustomImage._meta.get_field("file")
    stored = field.storage.save(
        field.generate_filename(CustomImage(), name), ContentFile(data, name=name), max_length=field.max_length
    )
    width, height = PIL.Image.open(io.BytesIO(data)).size
    return CustomImage(file=stored, width=width, height=height, **fields)
