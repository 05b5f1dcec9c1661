"""A cheap fingerprint of everything a kommun's site is built from.

Exporting a kommun reads every page and listing; this reads only ids, paths and
timestamps (a few small queries), so an unchanged kommun is recognised without
exporting it. Anything that can change what the site shows is in here: its pages in
every language, its listings, neighbourhoods, images and documents, the region's
shared content and drivers, its experiments, its `sites/<slug>.toml`, the theme and the
retention periods its privacy page states.
"""

import hashlib
import json
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.activities.models import Activity
from cms.base.models import CustomImage, Driver, DriverTranslation, ImageAltText
from cms.experiments.models import Experiment
from cms.housing.models import HousingListing, Neighbourhood, NeighbourhoodTranslation
from cms.jobs.models import Job
from cms.region.models import SharedContent


def region_stamp():
    """What every kommun shares: region content and the drivers taxonomy."""
    return [
        list(
            SharedContent.objects.order_by("pk").values_list(
                "pk", "locale_id", "live", "last_published_at", "latest_revision_id"
            )
        ),
        list(Driver.objects.order_by("pk").values_list("pk", "slug", "name", "sort_order")),
        list(DriverTranslation.objects.order_by("pk").values_list("pk", "driver_id", "language_code", "name")),
        image_rows(CustomImage.objects.filter(collection__kommun__isnull=True)),
        list(
            ImageAltText.objects.filter(image__collection__kommun__isnull=True)
            .order_by("pk")
            .values_list("pk", "image_id", "language_code", "alt_text")
        ),
    ]


def image_rows(images):
    """The images' rows with their files' size and modification time: a file replaced on disk behind
    the CMS's back changes the stamp, and the rebuild names it (cms.sitebuild.images.file_problem)."""
    rows = []
    for row in images.order_by("pk").values_list("pk", "file", "file_hash", "description", "decorative", "credit"):
        try:
            status = os.stat(default_storage.path(row[1]))
            on_disk = [status.st_size, status.st_mtime_ns]
        except OSError:
            on_disk = None
        rows.append([*row, on_disk])
    return rows


def kommun_stamp(kommun, theme, region):
    homes = [kommun.site.root_page, *kommun.site.root_page.get_translations()]
    in_trees = Q()
    for home in homes:
        in_trees |= Q(path__startswith=home.path)
    pages = (
        Page.objects.filter(in_trees)
        .order_by("path")
        .values_list("pk", "path", "url_path", "live", "last_published_at", "alias_of_id", "locale_id", "title", "slug")
    )
    listings = [
        list(model.objects.filter(kommun=kommun).order_by("pk").values_list("pk", "live", "updated_at"))
        for model in (HousingListing, Activity, Job)
    ]
    activities = list(Activity.objects.filter(kommun=kommun).order_by("pk").values_list("pk", "moderation_status"))
    neighbourhoods = list(
        Neighbourhood.objects.filter(kommun=kommun)
        .order_by("pk")
        .values_list(
            "pk", "name", "latitude", "longitude", "nearest_school", "school_distance_km", "commute_minutes_to_centre"
        )
    )
    neighbourhood_texts = list(
        NeighbourhoodTranslation.objects.filter(neighbourhood__kommun=kommun)
        .order_by("pk")
        .values_list("pk", "language_code", "description", "nature", "services")
    )
    images = image_rows(CustomImage.objects.filter(collection=kommun.collection))
    alt_texts = list(
        ImageAltText.objects.filter(image__collection=kommun.collection)
        .order_by("pk")
        .values_list("pk", "image_id", "language_code", "alt_text")
    )
    documents = list(
        get_document_model()
        .objects.filter(collection=kommun.collection)
        .order_by("pk")
        .values_list("pk", "file", "title")
    )
    experiments = list(
        Experiment.objects.filter(kommun=kommun).order_by("pk").values_list("pk", "status", "updated_at")
    )
    privacy = [settings.PERSONAL_DATA_RETENTION_DAYS, settings.PERSONAL_DATA_MAX_DAYS]  # the privacy page states them
    payload = [
        theme,
        region,
        kommun.config.model_dump(mode="json"),
        list(pages),
        listings,
        activities,
        neighbourhoods,
        neighbourhood_texts,
        images,
        alt_texts,
        documents,
        experiments,
        privacy,
    ]
    return hashlib.sha256(json.dumps(payload, default=str, sort_keys=True).encode()).hexdigest()
