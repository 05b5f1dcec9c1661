"""Wagtail's reference index for a demo kommun written in sets, not one object at a time.

After every save of a page, image or snippet Wagtail queues `update_reference_index_task`,
which reads the object again, reads its child rows, reads its references already indexed and
writes the difference: five or more queries per object, an eighth of a demo load even once per
object (`once_each`). Inside `references_together()` Wagtail's own handler is switched off
(`disable_reference_index_auto_update`) and the objects it would have queued are noted in the
same order; when the block ends without error they are read a model at a time, their references
extracted by Wagtail's own `ReferenceIndex._extract_references_from_object`, compared with what
the index holds in one query and written with one insert and one delete, following
`ReferenceIndex.create_or_update_for_object` object by object in memory (an object saved as a
plain page and as its specific page keeps the content type the first update gave its rows). A
delete inside the block does at once what Wagtail's delete handler does.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def references_together():
    """The reference index of what is saved inside is updated when the block ends (see the module)."""
    tracked = set(ReferenceIndex.tracked_models)
    saved = {}  # (model, str(pk)) in the order Wagtail would have queued them

    def note_saved(sender, instance, raw=False, **kwargs):
        if sender in tracked and not raw:
            saved.setdefault((sender, str(instance.pk)), None)

    def remove_deleted(sender, instance, **kwargs):
        if sender in tracked:
            ReferenceIndex.remove_for_object(instance)
            ReferenceIndex.remove_references_to(instance)

    post_save.connect(note_saved, dispatch_uid="demo-references-saved", weak=False)
    post_delete.connect(remove_deleted, dispatch_uid="demo-references-deleted", weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-references-saved")
        post_delete.disconnect(dispatch_uid="demo-references-deleted")
    update_together(list(saved))


def indexed_objects(keys):
    """What `update_reference_index_task` indexes for each (model, pk), in order: the object or its
    parental-key parent, read a model at a time; None where there is nothing to index."""
    by_model = defaultdict(list)
    for model, pk in keys:
        by_model[model].append(pk)
    found = {}
    for model, pks in by_model.items():
        for instance in model.objects.filter(pk__in=pks):
            found[(model, str(instance.pk))] = instance
    objects = []
    for key in keys:
        instance = found.get(key)
        while instance is not None:
            parental_keys = [f for f in instance._meta.get_fields() if isinstance(f, ParentalKey)]
            if not parental_keys:
                break
            instance = getattr(instance, parental_keys[0].name)
        objects.append(instance if instance is not None and ReferenceIndex.is_indexed(instance._meta.model) else None)
    return objects


def prefetch_children(objects):
    """Read each model's child rows (what the extraction walks) in one query per relation."""
    by_model = defaultdict(list)
    for instance in objects:
        if isinstance(instance, ClusterableModel):
            by_model[type(instance)].append(instance)
    for model, instances in by_model.items():
        names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        if names:
            prefetch_related_objects(list({id(i): i for i in instances}.values()), *names)


def update_together(keys):
    """`ReferenceIndex.create_or_update_for_object` for each object of `keys`, in sets."""
    objects = indexed_objects(keys)
    prefetch_children(objects)
    plans = []
    for instance in objects:
        if instance is None:
            continue
        content_types = [
            ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
            for model_or_object in ([instance] + instance._meta.get_parent_list())
        ]
        references = set(ReferenceIndex._extract_references_from_object(instance))
        plans.append((instance, content_types, references))
    if not plans:
        return
    existing = defaultdict(dict)  # (base content type id, object id) -> {reference: (content type id, row)}
    rows = ReferenceIndex.objects.filter(
        base_content_type_id__in={cts[-1].id for _i, cts, _r in plans},
        object_id__in={str(instance.pk) for instance, _c, _r in plans},
    ).values_list(
        "id",
        "base_content_type_id",
        "object_id",
        "content_type_id",
        "to_content_type",
        "to_object_id",
        "model_path",
        "content_path",
    )
    for row_id, base_id, object_id, ct_id, *reference in rows:
        existing[(base_id, object_id)][tuple(reference)] = (ct_id, row_id)
    created, deleted = {}, []  # created: {(base id, object id, reference): new row}
    for instance, content_types, references in plans:
        content_type, base = content_types[0], content_types[-1]
        known_ids = {ct.id for ct in content_types}
        held = existing[(base.id, str(instance.pk))]
        for reference in references - held.keys():
            to_content_type_id, to_object_id, model_path, content_path = reference
            created[(base.id, str(instance.pk), reference)] = ReferenceIndex(
                content_type=content_type,
                base_content_type=base,
                object_id=instance.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            held[reference] = (content_type.id, None)
        for reference, (ct_id, row_id) in list(held.items()):
            if reference in references or ct_id not in known_ids:
                continue  # still there, or held under a more specific model (as Wagtail keeps it)
            del held[reference]
            if row_id is None:
                del created[(base.id, str(instance.pk), reference)]
            else:
                deleted.append(row_id)
    options = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(created.values(), batch_size=500, **options)
    ReferenceIndex.objects.filter(id__in=deleted).delete()
