"""Builders shared by the tests: small images, documents and listings for a kommun."""

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def png_bytes(colour=(10, 90, 140), size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_png(name="probe.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_image(collection, title, **fields):
    from cms.base.models import CustomImage

    return CustomImage.objects.create(
        title=title,
        collection=collection,
        description=title,
        file=ContentFile(png_bytes(), name=f"{title}.png"),
        **fields,
    )


def make_document(collection, title):
    from wagtail.documents.models import Document

    return Document.objects.create(title=title, collection=collection, file=ContentFile(b"demo\n", name=f"{title}.txt"))


def save(instance, live):
    """Save as Wagtail's admin does: a draft is saved not live, with a revision; live is published."""
    instance.live = False
    instance.full_clean()
    instance.save()
    revision = instance.save_revision()
    if live:
        revision.publish()
    return instance


def make_housing(kommun, address, *, live=True, **overrides):
    from cms.housing.models import HousingListing, HousingListingTranslation

    config = kommun.config
    fields = dict(
        kommun=kommun,
        address=address,
        tenure="rental",
        rooms=3,
        living_area_m2=74,
        monthly_rent_sek=8200,
        landlord="Probe landlord",
        latitude=config.location.latitude,
        longitude=config.location.longitude,
        available_from=date(2027, 1, 1),
        source="test",
    )
    fields.update(overrides)
    listing = HousingListing(**fields)
    listing.translations = [HousingListingTranslation(language_code="sv", description=f"Lägenhet på {address}.")]
    return save(listing, live)


def make_activity(kommun, title, *, live=True, **overrides):
    from cms.activities.models import Activity, ActivityTranslation

    config = kommun.config
    start = datetime(2027, 3, 6, 10, tzinfo=STOCKHOLM)
    fields = dict(
        kommun=kommun,
        category="outdoors",
        audience=["adults"],
        languages=["sv"],
        place="Probe place",
        latitude=config.location.latitude,
        longitude=config.location.longitude,
        start=start,
        end=start + timedelta(hours=2),
        organiser="Probe organiser",
        source="test",
    )
    fields.update(overrides)
    activity = Activity(**fields)
    activity.translations = [ActivityTranslation(language_code="sv", title=title, description=f"{title}: beskrivning.")]
    return save(activity, live)


def make_job(kommun, title, *, live=True, **overrides):
    from cms.jobs.models import Job, JobTranslation

    fields = dict(
        kommun=kommun,
        employer="Probe employer",
        occupation="Electrician",
        employment_type="permanent",
        apply_by=date(2027, 4, 30),
        url="https://arbetsformedlingen.se/platsbanken/",
        source="test",
    )
    fields.update(overrides)
    job = Job(**fields)
    job.translations = [JobTranslation(language_code="sv", title=title, description=f"{title}: beskrivning.")]
    return save(job, live)


def submission(**overrides):
    """What a visitor fills in on a microsite's activity form (a date a month ahead)."""
    day = date.today() + timedelta(days=30)
    data = {
        "title": "Stickcafé på biblioteket",
        "description": "Vi stickar och pratar svenska.\nTa med garn.",
        "category": "language-cafe",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "place": "Stadsbiblioteket, Storgatan 40",
        "price_sek": "0",
        "audience": ["adults"],
        "languages": ["sv", "en"],
        "organiser": "Stickföreningen",
        "name": "Anna Andersson",
        "email": "anna@example.org",
        "website": "",
    }
    data.update(overrides)
    return data


def submit_activity(client, data, kommun="pitea", language="sv", **headers):
    """POST the activity form as the microsite's page does."""
    return client.post(f"/api/activities/submit?kommun={kommun}&language={language}", data, **headers)


COLUMN = re.compile(r'"(\w+)"\."(\w+)"')


def undeclared_columns(queries):
    """The (table, column) pairs captured SQL reads that no export declaration covers."""
    from cms.export import declarations

    covered = set().union(*(source.columns() for source in declarations.sources()))
    read = {pair for query in queries for pair in COLUMN.findall(query["sql"])}
    return sorted(read - covered)


def export_queries(slug="pitea"):
    """The SQL of one kommun's export (which must find no problem in the content)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.base.models import Kommun
    from cms.export.kommun import export_kommun

    kommun = Kommun.objects.select_related("site").get(slug=slug)
    with CaptureQueriesContext(connection) as queries:
        export = export_kommun(kommun)
    assert not export["problems"], export["problems"]
    return queries.captured_queries


def story_index_publish_form(title, slug):
    """What Wagtail's page editor posts when an editor retitles a story index and presses Publish."""
    return {
        "title": title,
        "slug": slug,
        "intro": "Nya röster.",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
