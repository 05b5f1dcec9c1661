"""Publishing, unpublishing or deleting a listing updates the search index at once.

The update runs when the transaction commits, so it sees the listing's translation
rows (saved after the listing itself) and never indexes what was rolled back. A
search server that is down does not stop an editor from saving: the failure is
logged and the nightly publish's reindex catches up.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.activities.models import Activity
from cms.housing.models import HousingListing, Neighbourhood
from cms.jobs.models import Job

from .documents import doc_type_of, documents_for

logger = logging.getLogger(__name__)
# The listings saved inside `reindex_once()`, waiting for its transaction to commit.
_pending = ContextVar("search_reindex_pending", default=None)


@contextmanager
def reindex_once():
    """Listings saved inside are reindexed once each, together, when the transaction commits.

    An import saves each listing two or three times (saved, revision, published); reindexing
    every save on its own cost three quarters of a feed's import time. Nothing is reindexed
    when the block raises (the transaction it wraps was rolled back)."""
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    transaction.on_commit(lambda: reindex_many(pending))


def _schedule(model, pk):
    pending = _pending.get()
    if pending is not None:
        pending.add((model, pk))
    else:
        transaction.on_commit(lambda: reindex_many({(model, pk)}))


def reindex_many(pending):
    """Reindex many listings in one write per model: their documents, or their removal."""
    from .backends import get_backend

    for model in {model for model, _pk in pending}:
        pks = {pk for kind, pk in pending if kind is model}
        doc_type = doc_type_of(model())
        try:
            backend = get_backend()
            instances = model.objects.filter(pk__in=pks).select_related("kommun").prefetch_related("translations")
            documents = [document for instance in instances for document in documents_for(instance)]
            if documents:
                backend.index(documents)
            for pk in pks - {document["object_id"] for document in documents}:
                backend.remove(doc_type, pk)
        except Exception:  # the index is a copy; the nightly reindex repairs it
            logger.exception("Could not update the search index for %s %s.", doc_type, ", ".join(map(str, sorted(pks))))


@receiver(post_save, sender=HousingListing)
@receiver(post_save, sender=Activity)
@receiver(post_save, sender=Job)
def listing_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(sender, instance.pk)


@receiver(post_delete, sender=HousingListing)
@receiver(post_delete, sender=Activity)
@receiver(post_delete, sender=Job)
def listing_deleted(sender, instance, **kwargs):
    _schedule(sender, instance.pk)


@receiver(post_save, sender=Neighbourhood)
def neighbourhood_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for pk in HousingListing.objects.filter(neighbourhood=instance).values_list("pk", flat=True):
        _schedule(HousingListing, pk)
