"""Listings translated before out-of-date tracking existed: their translations count as written against
today's Swedish text, so that the next change of it is noticed."""

from django.db import migrations
from django.utils import timezone

LISTINGS = [("housing", "housinglisting"), ("activities", "activity"), ("jobs", "job")]
NOT_TEXT = {"id", "sort_order", "language_code"}


def text_of(row):
    return {
        field.name: field.value_from_object(row) or ""
        for field in row._meta.concrete_fields
        if field.name not in NOT_TEXT and not field.is_relation
    }


def note_baselines(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Baseline = apps.get_model("translations", "ListingTranslationBaseline")
    now = timezone.now()
    for app_label, model_name in LISTINGS:
        model = apps.get_model(app_label, model_name)
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        rows = model.translations.rel.related_model.objects.order_by()
        parent = model.translations.rel.field.attname
        by_listing = {}
        for row in rows:
            by_listing.setdefault(getattr(row, parent), {})[row.language_code] = row
        Baseline.objects.bulk_create(
            [
                Baseline(
                    content_type=content_type,
                    object_id=listing_id,
                    language_code=code,
                    source_text=text_of(languages["sv"]),
                    translated_text=text_of(row),
                    saved_at=now,
                )
                for listing_id, languages in by_listing.items()
                if "sv" in languages
                for code, row in languages.items()
                if code != "sv"
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_listing_baselines_and_page_checks"),
        ("housing", "0001_initial"),
        ("activities", "0003_activitysubmission"),
        ("jobs", "0002_job_source_facts"),
    ]

    operations = [migrations.RunPython(note_baselines, migrations.RunPython.noop)]
