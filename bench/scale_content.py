"""Grow the demo to benchmark scale: about 250 pages per site and language.

The demo has about 70 pages per site and language. This adds, to every kommun,
topic pages translated into all six languages and housing listings with a text
row per language, until each of the 14 x 6 site-languages has `per_site` pages.
Everything is marked `scale-` so a second run adds nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from wagtail.models import Locale

from cms import languages
from cms.base.demo.housing_text import describe_home
from cms.base.demo.loader import paragraphs
from cms.base.models import CustomImage, Kommun
from cms.housing.models import HousingListing, HousingListingTranslation, Neighbourhood
from cms.topics.models import TOPICS, TopicPage

SOURCE = "scale"
LOREM = (
    "Vintern är lång och ljus av snö, sommaren kort och full av midnattssol. "
    "Här finns arbete, skolor nära hemmet och naturen utanför dörren. "
)


def grow(topic_pages=60, listings=120, report=print, kommuner=None):
    """Grow every kommun, or those whose slugs are in `kommuner` (a reduced benchmark)."""
    locales = list(Locale.objects.exclude(language_code="sv"))
    chosen = Kommun.objects.order_by("slug")
    for kommun in chosen.filter(slug__in=kommuner) if kommuner else chosen:
        with transaction.atomic():
            added = _topic_pages(kommun, topic_pages, locales) + _listings(kommun, listings)
        report(f"{kommun.name}: {added} records added")


def _topic_pages(kommun, count, locales):
    home = kommun.site.root_page
    image = CustomImage.objects.filter(collection=kommun.collection).order_by("pk").first()
    existing = set(home.get_children().filter(slug__startswith="scale-").values_list("slug", flat=True))
    added = 0
    for number in range(count):
        slug = f"scale-{number + 1:03d}"
        if slug in existing:
            continue

        def fields(code, number=number):
            title = f"[{code}] {kommun.name}: ämne {number + 1}"
            body = [
                {"type": "paragraph", "value": paragraphs((LOREM * 3 + "\n\n") * 3)},
                {"type": "image", "value": {"image": image.pk, "caption": title, "credit": ""}},
                {
                    "type": "facts",
                    "value": {
                        "heading": title,
                        "facts": [
                            {"label": "Avstånd till fjällen", "value": f"{number + 20} km"},
                            {"label": "Invånare", "value": "42 000"},
                        ],
                    },
                },
            ]
            return {"title": title, "intro": LOREM, "body": body}

        page = TopicPage(slug=slug, topic=TOPICS[number % len(TOPICS)][0], image=image, **fields("sv"))
        home.add_child(instance=page)
        added += 1
        for locale in locales:
            translated = page.copy_for_translation(locale)
            for name, value in fields(locale.language_code).items():
                setattr(translated, name, value)
            translated.live, translated.has_unpublished_changes = True, False
            translated.save()
            added += 1
    return added


def _listings(kommun, count):
    neighbourhoods = list(Neighbourhood.objects.filter(kommun=kommun).order_by("pk"))
    image = CustomImage.objects.filter(collection=kommun.collection).order_by("pk").first()
    present = set(HousingListing.objects.filter(source=SOURCE, kommun=kommun).values_list("source_id", flat=True))
    rng = random.Random(f"scale:{kommun.slug}")
    homes, texts = [], []
    for number in range(count):
        source_id = f"{kommun.slug}:scale-{number + 1:03d}"
        if source_id in present:
            continue
        neighbourhood = neighbourhoods[number % len(neighbourhoods)]
        rooms = 1 + number % 5
        area = rooms * 22 + rng.randint(6, 22)
        home = HousingListing(
            kommun=kommun,
            source=SOURCE,
            source_id=source_id,
            address=f"Skalgatan {number + 1}",
            neighbourhood=neighbourhood,
            tenure="rental",
            rooms=rooms,
            living_area_m2=area,
            monthly_rent_sek=(3000 + area * 80) // 50 * 50,
            available_from=date(2026, 12, 1) + timedelta(days=number),
            landlord="Skalbostäder",
            latitude=neighbourhood.latitude,
            longitude=neighbourhood.longitude,
            images=[{"type": "image", "value": image.pk}],
        )
        homes.append(home)
        facts = dict(
            tenure="rental",
            rooms=rooms,
            area=area,
            street="Skalgatan",
            neighbourhood=neighbourhood.name,
            school=neighbourhood.nearest_school,
            school_km=neighbourhood.school_distance_km,
            commute=neighbourhood.commute_minutes_to_centre,
            feature=number % 6,
        )
        sv, en = describe_home("sv", **facts), describe_home("en", **facts)
        texts.append(
            [("sv", *sv), ("en", *en)]
            + [(code, f"[{code}] {en[0]}", en[1]) for code in languages.CODES if code not in ("sv", "en")]
        )
    created = HousingListing.objects.bulk_create(homes)
    HousingListingTranslation.objects.bulk_create(
        HousingListingTranslation(listing=home, language_code=code, title=title, description=description)
        for home, rows in zip(created, texts)
        for code, title, description in rows
    )
    return len(created)
