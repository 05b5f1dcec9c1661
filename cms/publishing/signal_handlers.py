"""What queues a rebuild: Wagtail's publish signals for pages and drafted snippets, saves of the rest.

Pages: published, unpublished, deleted and moved (both the old and the new place). Models with
drafts (listings, the region's shared content): published, unpublished and deleted; saving a
draft changes nothing on a site. Every other model the export declares (neighbourhoods,
drivers, images and their alt texts, experiments, documents): saved or deleted.
"""

from functools import cache

from django.db.models.signals import post_delete, post_save
from wagtail.models import DraftStateMixin, Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move, published, unpublished

from .affected import scope_of
from .queue import note

#: Declared models whose rows only configure the sites (sync_kommuner keeps them; the nightly publish follows).
STRUCTURE = {"wagtailcore.Locale", "wagtailcore.Site", "contenttypes.ContentType", "base.Kommun"}


@cache
def saved_models():
    """The exported models a plain save publishes (no drafts, not pages, not structure)."""
    from cms.export.declarations import sources

    return frozenset(
        s.model
        for s in sources()
        if not issubclass(s.model, (Page, DraftStateMixin)) and s.model._meta.label not in STRUCTURE
    )


@cache
def drafted_models():
    """The exported non-page models with drafts: published and unpublished like pages."""
    from cms.export.declarations import sources

    return frozenset(
        s.model for s in sources() if issubclass(s.model, DraftStateMixin) and not issubclass(s.model, Page)
    )


def page_changed(sender, instance, **kwargs):
    note(("path", instance.path))


def page_moving(sender, instance, **kwargs):
    note(("path", instance.path))  # where it leaves: its old kommun loses it


def row_changed(sender, instance, signal, **kwargs):
    model = type(instance)
    if signal is post_save and model in saved_models():
        note(("row", model, instance.pk))  # its kommun is looked up once the transaction commits, with its siblings
    elif signal is post_delete and (model in saved_models() or model in drafted_models()):
        note(scope_of(instance))  # gone at commit: looked up now


def drafted_changed(sender, instance, **kwargs):
    if type(instance) in drafted_models():
        note(scope_of(instance))


def page_deleted(sender, instance, **kwargs):
    if type(instance) is Page:  # once per page (its specific row's delete signals too)
        note(("path", instance.path))


def connect():
    page_published.connect(page_changed, dispatch_uid="publishing-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="publishing-page-unpublished")
    pre_page_move.connect(page_moving, dispatch_uid="publishing-page-moving")
    post_page_move.connect(page_changed, dispatch_uid="publishing-page-moved")
    post_delete.connect(page_deleted, dispatch_uid="publishing-page-deleted")
    published.connect(drafted_changed, dispatch_uid="publishing-published")
    unpublished.connect(drafted_changed, dispatch_uid="publishing-unpublished")
    post_save.connect(row_changed, dispatch_uid="publishing-saved")
    post_delete.connect(row_changed, dispatch_uid="publishing-deleted")
