"""Publishing many new snippets (listings) at once, leaving what saving and publishing each would.

An editor's "save, then publish" of a new listing writes it and its translation rows, a revision
holding what was saved, the listing again as published from that revision, and a "published" log
entry; Wagtail's and the project's signal receivers (search, reference index, translation
baselines) run after each write. Done one listing at a time that is some twenty queries and
three full saves each. `publish_new` writes the listings of one model together: one INSERT for
the listings, their child rows and many-to-many links as modelcluster commits them, the
revisions in one INSERT with the content `save_revision()` would have stored, the listings
marked live from them in one UPDATE, and a log entry each; every `post_save` and
`published` receiver is sent what it would have been sent. `tests/demo_dump.py` compares the
result with the one-at-a-time load, row by row.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models.signals import post_save
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import log
from wagtail.models import Revision
from wagtail.signals import published


def publish_new(instances):
    """Save and publish `instances` (new, validated, all of one model); returns them, published."""
    if not instances:
        return instances
    model = type(instances[0])
    using = router.db_for_write(model)
    model.objects.bulk_create(instances)
    for instance in instances:
        instance._state.adding, instance._state.db = False, using
        for relation in get_all_child_relations(instance):
            getattr(instance, relation.get_accessor_name()).commit()
        for field in get_all_child_m2m_relations(instance):
            getattr(instance, field.name).commit()
        post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)

    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = instances[0].get_base_content_type()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(instance.pk),
                user=None,
                approved_go_live_at=None,
                content=instance.serializable_data(),  # as `save_revision()` stores it: before publishing
                object_str=str(instance),
                created_at=now,
            )
            for instance in instances
        ]
    )
    for instance, revision in zip(instances, revisions, strict=True):
        instance.latest_revision = instance.live_revision = revision
        instance.live, instance.has_unpublished_changes, instance.expired = True, False, False
        instance.first_published_at = instance.last_published_at = now
        instance.updated_at = now
    model.objects.bulk_update(
        instances,
        [
            "latest_revision",
            "live_revision",
            "live",
            "has_unpublished_changes",
            "expired",
            "first_published_at",
            "last_published_at",
            "updated_at",
        ],
    )
    for instance, revision in zip(instances, revisions, strict=True):
        post_save.send(sender=model, instance=instance, created=False, update_fields=None, raw=False, using=using)
        published.send(sender=model, instance=instance, revision=revision)
    _log_published(instances, revisions)
    return instances


def _log_published(instances, revisions):
    """The "published" log entry of each, written by Wagtail's `log()` (the log model's manager
    adds what the project records with it, such as the listing's kommun)."""
    for instance, revision in zip(instances, revisions, strict=True):
        log(instance=instance, action="wagtail.publish", user=None, data=None, revision=revision, content_changed=True)
