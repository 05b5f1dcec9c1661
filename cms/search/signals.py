"""Publishing, unpublishing or deleting a listing updates the search index at once.

The update runs when the transaction commits, so it sees the listing's translation
rows (saved after the listing itself) and never indexes what was rolled back. A
search server that is down does not stop an editor from saving: the failure is
logged and the nightly publish's reindex catches up.
"""
import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.activities.models import Activity
from cms.housing.models import HousingListing, Neighbourhood
from cms.jobs.models import Job

from .documents import documents_for, doc_type_of

logger = logging.getLogger(__name__)


def reindex(model, pk):
    from .backends import get_backend

    doc_type = doc_type_of(model())
    try:
        backend = get_backend()
        instance = model.objects.filter(pk=pk).select_related("kommun").prefetch_related("translations").first()
        documents = documents_for(instance) if instance is not None else []
        if documents:
            backend.index(documents)
        else:
            backend.remove(doc_type, pk)
    except Exception:  # the index is a copy; the nightly reindex repairs it
        logger.exception("Could not update the search index for %s #%s.", doc_type, pk)


@receiver(post_save, sender=HousingListing)
@receiver(post_save, sender=Activity)
@receiver(post_save, sender=Job)
def listing_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: reindex(sender, instance.pk))


@receiver(post_delete, sender=HousingListing)
@receiver(post_delete, sender=Activity)
@receiver(post_delete, sender=Job)
def listing_deleted(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: reindex(sender, pk))


@receiver(post_save, sender=Neighbourhood)
def neighbourhood_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pks = list(HousingListing.objects.filter(neighbourhood=instance).values_list("pk", flat=True))
    transaction.on_commit(lambda: [reindex(HousingListing, pk) for pk in pks])
