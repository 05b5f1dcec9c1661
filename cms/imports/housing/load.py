"""One housing feed of one kommun, imported: listings created or updated in place and published,
the ones it no longer lists unpublished, bad records skipped and reported.

A feed is a full snapshot of its source. The run reads and validates everything first and
writes only then, in one transaction, so a feed that cannot be read changes nothing and a
crash half-way leaves everything as it was. When the snapshot would unpublish more than
the feed's `max_unpublish_share` of its live listings (an empty or truncated download,
most likely) the run changes nothing and says so, unless forced. Only the feed's own
listings (`source = "feed:<kommun>:<name>"`) are ever touched.
"""

from django.db import transaction
from django.utils import translation

from cms.housing.models import HousingListing, Neighbourhood
from cms.search.signals import reindex_once

from ..report import ImportReport
from ..sources import fetch, public_name
from .photos import FeedPhotos, stored_images
from .readers import read_records
from .records import RecordBuilder, Rejected
from .schema import as_text


def source_name(kommun, feed):
    """The `source` of a feed's listings: the kommun and the feed's name, so feeds never touch each other's."""
    return f"feed:{kommun.slug}:{feed.name}"


def import_feed(kommun, feed, location=None, *, force=False):
    """Import one feed (from `location`, else where the feed's configuration says); an ImportReport.

    Raises FeedError, having changed nothing, when the feed cannot be read at all."""
    location = location or feed.location
    name = public_name(location)
    source = source_name(kommun, feed)
    report = ImportReport(source=source)
    with translation.override("en"):  # the report's sentences are in one language, like the command's
        records = read_records(feed, fetch(location), name)
        existing = {
            listing.source_id: listing
            for listing in HousingListing.objects.filter(source=source).prefetch_related("translations")
        }
        builder = RecordBuilder(
            feed,
            kommun,
            source,
            existing,
            {n.slug: n for n in Neighbourhood.objects.filter(kommun=kommun)},
            FeedPhotos(location),
        )
        prepared, listed = _prepare(records, builder, name, report)
        live = [listing for listing in existing.values() if listing.live]
        gone = [listing for listing in live if listing.source_id not in listed]
        if gone and not force and len(gone) > feed.max_unpublish_share * len(live):
            report.stopped = (
                f"{name} would unpublish {len(gone)} of the {len(live)} published homes of {source} "
                f"(more than {feed.max_unpublish_share:.0%}); nothing was changed. If the feed is right, "
                f"run the import again with --force."
            )
            return report
        with reindex_once(), transaction.atomic():
            for item in prepared:
                _save(item, report, kommun)
            for listing in gone:
                listing.unpublish()
                report.unpublished += 1
    return report


def _prepare(records, builder, name, report):
    """The valid listings, and where each id the feed lists stands; the bad records go to the report."""
    prepared, listed = [], {}
    for record in records:
        values = builder.values(record)
        source_id = _text_or_empty(values.get("id"))
        problem = record.problem
        if not problem and source_id in listed:
            problem = f'its id "{source_id}" is used by {listed[source_id].lower()} as well'
        if source_id and source_id not in listed:
            listed[source_id] = record.where  # listed, even if bad: a bad record never unpublishes its home
        try:
            if problem:
                raise Rejected(problem)
            prepared.append(builder.build(source_id, values))
        except Rejected as exc:
            report.rejected.append(
                f"{record.where} of {name}{f' (id {source_id})' if source_id else ''} was skipped: {exc}."
            )
    return prepared, listed


def _save(item, report, kommun):
    listing = item.listing
    publish = item.new or item.changed or not listing.live  # a home back in the feed is published again
    if item.photos is not None:
        images = stored_images(kommun, item.photos, listing.address, listing.landlord)
        wanted = [image.pk for image in images]
        if [block["value"] for block in listing.images.raw_data] != wanted:
            listing.images = [("image", image) for image in images]
            publish = True
    if item.new:
        listing.live = False  # live once its first revision is published, as in the admin
        listing.save()
    if publish:
        # Already validated; publishing writes the revision's content to the listing.
        listing.save_revision(clean=False).publish()
    if item.new:
        report.added += 1
    elif publish:
        report.updated += 1
    else:
        report.unchanged += 1


def _text_or_empty(value):
    try:
        return as_text(value)
    except ValueError:
        return ""
