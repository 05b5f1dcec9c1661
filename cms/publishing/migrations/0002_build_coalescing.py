"""A queued build knows when its latest publish came and whether it was queued during a storm of publishes, so
that it waits for a quiet moment before it is built (cms.publishing.coalesce)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_builds")]

    operations = [
        migrations.AddField(
            model_name="build",
            name="last_publish_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last publish at"),
        ),
        migrations.AddField(
            model_name="build",
            name="storm",
            field=models.BooleanField(default=False, verbose_name="queued during a storm of publishes"),
        ),
    ]
