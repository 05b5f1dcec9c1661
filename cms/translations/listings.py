"""The listings' side: which Swedish text each translation of a home, activity or job was written against.

A listing keeps every language's text in rows of one record (see `TranslationRowMixin`), and
an editor saves all of them at once. So a translation counts as saved when its own text
changes; the Swedish text at that moment is its baseline, and a later change of the Swedish
text alone leaves it out of date until its text changes again or a translator marks it checked.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cms.activities.models import Activity, ModerationStatus
from cms.base.site_config import SOURCE_LANGUAGE
from cms.housing.models import HousingListing
from cms.jobs.models import Job

from .models import ListingTranslationBaseline

#: The listings translators work on, in the order the matrix shows them.
TRANSLATED_LISTINGS = (HousingListing, Activity, Job)
#: Columns of a translation row that are bookkeeping, not text.
NOT_TEXT = {"id", "sort_order", "language_code"}


def text_fields(row_model):
    """The translated text fields of a listing's translation row model (title, description, ...)."""
    return [
        field
        for field in row_model._meta.concrete_fields
        if field.name not in NOT_TEXT and not field.is_relation and not field.primary_key
    ]


def row_text(row):
    """{field: value} of one language's row."""
    return {field.name: field.value_from_object(row) or "" for field in text_fields(type(row))}


def listings_of(kommun):
    """The kommun's listings that have text to translate (pending or rejected submissions have not yet)."""
    for model in TRANSLATED_LISTINGS:
        listings = model.objects.filter(kommun=kommun).prefetch_related("translations")
        if model is Activity:
            listings = listings.filter(moderation_status=ModerationStatus.APPROVED)
        yield model, listings


def note_saved_row(row, parent):
    """Called for every saved translation row: a changed translation takes today's Swedish as its baseline.

    `parent.translations.all()` is the listing as it is being saved (modelcluster keeps the rows in
    memory until it has written them all), so the Swedish text is the one saved alongside."""
    if row.language_code == SOURCE_LANGUAGE:
        return
    source = next((r for r in parent.translations.all() if r.language_code == SOURCE_LANGUAGE), None)
    text = row_text(row)
    baseline, created = ListingTranslationBaseline.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(parent),
        object_id=parent.pk,
        language_code=row.language_code,
        defaults={
            "kommun_id": parent.kommun_id,
            "source_text": row_text(source) if source else {},
            "translated_text": text,
            "saved_at": timezone.now(),
        },
    )
    if not created and baseline.translated_text != text:
        baseline.source_text = row_text(source) if source else {}
        baseline.translated_text = text
        baseline.saved_at = timezone.now()
        baseline.checked_by = baseline.checked_at = None
        baseline.save()


def baselines_for(model, listing_ids):
    """{(listing id, language): baseline} for these listings, in one query."""
    content_type = ContentType.objects.get_for_model(model)
    rows = ListingTranslationBaseline.objects.filter(content_type=content_type, object_id__in=list(listing_ids))
    return {(row.object_id, row.language_code): row for row in rows}


def is_out_of_date(baseline, source_row):
    """Whether the Swedish text changed since the translation's baseline (no baseline: nothing known to change)."""
    return baseline is not None and source_row is not None and baseline.source_text != row_text(source_row)


def source_row(listing):
    return next((row for row in listing.translations.all() if row.language_code == SOURCE_LANGUAGE), None)


def translation_is_out_of_date(listing, language_code):
    """Whether `listing`'s translation into `language_code` was written against an older Swedish text."""
    baseline = baselines_for(type(listing), [listing.pk]).get((listing.pk, language_code))
    return is_out_of_date(baseline, source_row(listing))


def source_changes(listing, language_code):
    """Wagtail's field comparisons of the Swedish text then (the baseline) and now, changed fields only."""
    from wagtail.admin.compare import TextFieldComparison

    baseline = baselines_for(type(listing), [listing.pk]).get((listing.pk, language_code))
    now = source_row(listing)
    if baseline is None or now is None:
        return []
    row_model = type(now)
    then = row_model(**{name: value for name, value in baseline.source_text.items() if name in row_text(now)})
    comparisons = [TextFieldComparison(field, then, now) for field in text_fields(row_model)]
    return [comparison for comparison in comparisons if comparison.has_changed()]


def mark_checked(listing, language_code, user):
    """A translator read the Swedish changes and found the translation still right: today's Swedish is its baseline."""
    baseline = baselines_for(type(listing), [listing.pk])[(listing.pk, language_code)]
    baseline.source_text = row_text(source_row(listing))
    baseline.checked_by = user
    baseline.checked_at = timezone.now()
    baseline.save()
