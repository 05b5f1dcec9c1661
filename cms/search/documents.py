"""What the search index holds: one document per published listing (and, for the whole-site
search, per CMS page) and site language.

A document carries the stemmed text to match, the columns to filter, facet and
sort on, and the result card the API returns, with the listing's URL on the
kommun's static microsite. Only what the public may see is ever a document: live
listings, and of activities only approved ones.
"""

import re
from datetime import UTC, datetime, time
from html import unescape

from cms.activities.models import Activity, ModerationStatus
from cms.base.times import local, local_iso
from cms.housing.distances import centre_distance_km
from cms.housing.models import HousingListing
from cms.jobs.models import Job
from cms.languages import fallback_chain
from cms.theme import macro
from cms.theme.renditions import card_image

from . import text

DOC_TYPES = ("housing", "activity", "job", "page")
MODELS = {"housing": HousingListing, "activity": Activity, "job": Job}
PATHS = {"housing": "housing", "activity": "activities", "job": "jobs"}
SUMMARY_LENGTH = 200


def doc_type_of(instance):
    return next((name for name, model in MODELS.items() if isinstance(instance, model)), None)


def is_public(instance):
    if not instance.live:
        return False
    return not isinstance(instance, Activity) or instance.moderation_status == ModerationStatus.APPROVED


def _fallback(rows, language):
    for code in fallback_chain(language):
        if code in rows:
            return rows[code]
    return next(iter(rows.values()), None)


def _summary(description):
    description = " ".join((description or "").split())
    return (
        description if len(description) <= SUMMARY_LENGTH else description[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    )


def _image(instance):
    """The listing's first image, or None."""
    from cms.base.models import CustomImage

    for block in instance.images.raw_data:
        image = CustomImage.objects.filter(pk=block["value"]).first()
        if image is not None:
            return image
    return None


def _card_image(image, language, alt_texts):
    """The card's image with its alt text in `language`, or the fallback's, saying which (`alt_language`);
    `alt_texts` are the image's `alt_texts()`, read once for all the listing's languages."""
    if image is None:
        return None
    text, text_language = image.alt_text_in(fallback_chain(language), alt_texts)
    return {**card_image(image.get_file_hash(), image.width, image.height, text), "alt_language": text_language}


def documents_for(instance, kommun=None):
    """The documents of one listing, one per language its kommun's site publishes; [] when not public."""
    if not is_public(instance):
        return []
    doc_type = doc_type_of(instance)
    kommun = kommun or instance.kommun
    config = kommun.config
    rows = {row.language_code: row for row in instance.translations.all()}
    image = _image(instance) if doc_type != "job" else None
    alt_texts = image.alt_texts() if image is not None else None
    documents = []
    for language in config.languages:
        row = _fallback(rows, language)
        title = (row.title if row else "") or getattr(instance, "address", "") or str(instance)
        description = row.description if row else ""
        path = f"/{language}/{PATHS[doc_type]}/{instance.pk}/"
        card = {
            "type": doc_type,
            "id": instance.pk,
            "kommun": kommun.slug,
            "kommun_name": config.name,
            "language": language,
            "text_language": row.language_code if row else language,
            "title": title,
            "summary": _summary(description),
            "path": path,
            "url": f"https://{config.domain}{path}",
            "image": _card_image(image, language, alt_texts),
            "latitude": instance.latitude,
            "longitude": instance.longitude,
        }
        document = {
            "doc_type": doc_type,
            "object_id": instance.pk,
            "language": language,
            "kommun": kommun.slug,
            "title": title,
            "latitude": instance.latitude,
            "longitude": instance.longitude,
        }
        extra_text = BUILDERS[doc_type](instance, card, document)
        if doc_type == "housing":
            card["centre_distance_km"] = centre_distance_km(instance.latitude, instance.longitude, config)
        card["html"] = str(_card_html(doc_type, card, language))
        words = " ".join([title, description, *(part for part in extra_text if part)])
        document["text"] = words  # the original words, for engines that analyse text themselves
        document["terms"] = " ".join(text.terms(words, language))
        document["card"] = card
        documents.append(document)
    return documents


def _housing(listing, card, document):
    hood = listing.neighbourhood
    price = listing.rent_sek if listing.rent_sek is not None else listing.asking_price_sek
    facts = {
        "tenure": listing.tenure,
        "rooms": listing.rooms,
        "living_area_m2": listing.living_area_m2,
        "monthly_rent_sek": listing.rent_sek,
        "monthly_fee_sek": listing.fee_sek,
        "asking_price_sek": listing.asking_price_sek,
        "available_from": listing.available_from.isoformat() if listing.available_from else None,
        "address": listing.address,
        "neighbourhood": hood.name if hood else "",
        "nearest_school": hood.nearest_school if hood else "",
        "school_distance_km": float(hood.school_distance_km) if hood and hood.school_distance_km is not None else None,
        "commute_minutes_to_centre": hood.commute_minutes_to_centre if hood else None,
    }
    card.update(facts)
    document.update(
        tenure=listing.tenure,
        rooms=listing.rooms,
        monthly_rent=listing.rent_sek,
        asking_price=listing.asking_price_sek,
        living_area=listing.living_area_m2,
        price=price,
        date=datetime.combine(listing.available_from, time(), tzinfo=UTC) if listing.available_from else None,
        school_km=facts["school_distance_km"],
        commute_minutes=facts["commute_minutes_to_centre"],
    )
    return [listing.address, facts["neighbourhood"], facts["nearest_school"], listing.landlord]


def _activity(activity, card, document):
    card.update(
        category=activity.category,
        audience=list(activity.audience or []),
        languages=list(activity.languages or []),
        place=activity.place,
        start=local_iso(activity.start),
        end=local_iso(activity.end),
        recurrence=activity.recurrence,
        price_sek=activity.price_sek,
        organiser=activity.organiser,
    )
    document.update(
        category=activity.category,
        audiences="|" + "|".join(activity.audience or []) + "|",
        spoken="|" + "|".join(activity.languages or []) + "|",
        date=activity.start,
        end=activity.end,
        price=activity.price_sek or 0,
        free=not activity.price_sek,
    )
    return [activity.place, activity.organiser]


def _job(job, card, document):
    posted = job.posted_on or (local(job.first_published_at).date() if job.first_published_at else None)
    card.update(
        employer=job.employer,
        occupation=job.occupation,
        occupation_group=job.occupation_group,
        employment_type=job.employment_type,
        working_hours=job.working_hours,
        languages=list(job.languages or []),
        remote=job.remote,
        apply_by=job.apply_by.isoformat() if job.apply_by else None,
        posted_on=posted.isoformat() if posted else None,
        workplace_address=job.workplace_address,
        town=job.town,
    )
    document.update(
        occupation=job.occupation,
        employment_type=job.employment_type,
        occupation_group=job.occupation_group,
        working_hours=job.working_hours,
        job_languages="|" + "|".join(job.languages or []) + "|",
        remote=job.remote,
        date=datetime.combine(job.apply_by, time(), tzinfo=UTC) if job.apply_by else None,
        posted=datetime.combine(posted, time(), tzinfo=UTC) if posted else None,
    )
    return [job.employer, job.occupation, job.occupation_group, job.workplace_address, job.town]


BUILDERS = {"housing": _housing, "activity": _activity, "job": _job}


def _card_html(doc_type, card, language):
    """The result card exactly as the static pages show it: the theme's own macro, in `language`."""
    item = {**card, "url": card["path"]}
    if doc_type == "housing":
        hood = {"name": card["neighbourhood"], "school_distance_km": card["school_distance_km"]}
        return macro(language, "listing_card", {**item, "neighbourhood": hood}, "h2")
    if doc_type == "activity":
        return macro(language, "activity_card", item, "h2")
    return macro(language, "job_card", item, "h2")


def all_documents(kommuner=None):
    """Every public document, kommun by kommun (a generator, so memory stays flat)."""
    from cms.base.models import Kommun

    for kommun in Kommun.objects.order_by("slug") if kommuner is None else kommuner:
        for doc_type, model in MODELS.items():
            queryset = model.objects.filter(kommun=kommun, live=True).prefetch_related("translations").order_by("pk")
            if doc_type == "housing":
                queryset = queryset.select_related("neighbourhood")
            for instance in queryset.iterator(chunk_size=500):
                yield from documents_for(instance, kommun)
        yield from page_documents(kommun)


TAG = re.compile(r"<[^>]+>")


def _plain(value):
    """The words of an exported page's fields and blocks, without markup."""
    if isinstance(value, str):
        return unescape(TAG.sub(" ", value))
    if isinstance(value, dict):
        return " ".join(_plain(v) for k, v in value.items() if k not in ("image", "href", "url", "name", "link"))
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return ""


def page_documents(kommun):
    """The kommun's CMS pages as the whole-site search finds them: one per page and site language,
    with the page's text in that language (or the text its site shows in its place) and its URL.
    Pages are indexed when the site is built, since that is when their URLs start to exist."""
    from cms.export.kommun import export_kommun

    export = export_kommun(kommun)
    config = kommun.config
    documents = []
    for language, data in export["languages_data"].items():
        for page in data["pages"]:
            fields = page["data"]
            summary = (
                page["search_description"]
                or fields.get("intro")
                or fields.get("summary")
                or fields.get("hero_intro")
                or ""
            )
            words = " ".join([page["title"], _plain(summary), _plain(fields)])
            card = {
                "type": "page",
                "id": page["id"],
                "kommun": kommun.slug,
                "kommun_name": config.name,
                "language": language,
                "text_language": page["text_language"],
                "title": page["title"],
                "summary": _summary(_plain(summary)),
                "path": page["url"],
                "url": f"https://{config.domain}{page['url']}",
                "image": None,
                "latitude": None,
                "longitude": None,
            }
            card["html"] = str(macro(language, "page_card", {**card, "url": card["path"]}, "h2"))
            documents.append(
                {
                    "doc_type": "page",
                    "object_id": page["id"],
                    "language": language,
                    "kommun": kommun.slug,
                    "title": page["title"],
                    "latitude": None,
                    "longitude": None,
                    "card": card,
                    "date": None,
                    "text": words,
                    "terms": " ".join(text.terms(words, language)),
                }
            )
    return documents
