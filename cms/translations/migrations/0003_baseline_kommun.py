"""Each listing's translation baseline names its listing's kommun, so that the microsite's "Swedish version
updated" notice, which reads it, rebuilds that kommun's site alone when it changes."""

import django.db.models.deletion
from django.db import migrations, models


def kommun_of_each_baseline(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Baseline = apps.get_model("translations", "ListingTranslationBaseline")
    for content_type_id in Baseline.objects.values_list("content_type", flat=True).distinct():
        content_type = ContentType.objects.get(pk=content_type_id)
        listing = apps.get_model(content_type.app_label, content_type.model)
        baselines = Baseline.objects.filter(content_type_id=content_type_id)
        kommun_of = dict(listing.objects.filter(pk__in=baselines.values("object_id")).values_list("pk", "kommun_id"))
        for baseline in baselines:
            if baseline.object_id in kommun_of:
                baseline.kommun_id = kommun_of[baseline.object_id]
                baseline.save(update_fields=["kommun"])
            else:  # a note of a listing deleted behind the signal's back: nothing to compare it with
                baseline.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0003_merge_alt_text_and_audit_log"),
        ("translations", "0002_baselines_for_existing_listings"),
    ]

    operations = [
        migrations.AddField(
            model_name="listingtranslationbaseline",
            name="kommun",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="base.kommun"
            ),
        ),
        migrations.RunPython(kommun_of_each_baseline, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="listingtranslationbaseline",
            name="kommun",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="base.kommun"),
        ),
    ]
