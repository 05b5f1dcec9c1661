"""Which documents the public may fetch: those that published content links to.

An upload is not a publication: a kommun's editor uploads a document while writing a
draft, and until a live page (or a published listing) links to it, it is the kommun's
own. Wagtail's reference index already knows which objects link to which document (from
the content stored in the rows, which for pages and listings with drafts is the live
version); this module asks it, and the document views and API follow the answer.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import DraftStateMixin, Page, ReferenceIndex, Site
from wagtail.permissions import policy_registry


def published_pages():
    """Live pages without a view restriction, in a site's tree (any language of it)."""
    roots = Page.objects.filter(
        Q(sites_rooted_here__isnull=False)
        | Q(translation_key__in=Site.objects.values("root_page__translation_key"), depth=2)
    )
    in_a_site = Q()
    for path in roots.values_list("path", flat=True):
        in_a_site |= Q(path__startswith=path)
    return Page.objects.live().public().filter(in_a_site) if in_a_site else Page.objects.none()


def published_documents():
    """The documents that a published page or a published listing (any live record with drafts) links to."""
    document_model = get_document_model()
    references = ReferenceIndex.objects.filter(to_content_type=ContentType.objects.get_for_model(document_model))
    linked_from_published = Q(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in published_pages().values_list("pk", flat=True)],
    )
    for content_type in ContentType.objects.filter(pk__in=references.values("base_content_type")):
        model = content_type.model_class()
        if model is not None and issubclass(model, DraftStateMixin) and not issubclass(model, Page):
            live = [str(pk) for pk in model._default_manager.filter(live=True).values_list("pk", flat=True)]
            linked_from_published |= Q(base_content_type=content_type, object_id__in=live)
    ids = references.filter(linked_from_published).values_list("to_object_id", flat=True)
    return document_model.objects.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()])


def may_fetch(user, document):
    """Whether `user` may download `document`: published, or in a collection the user works in."""
    if user.is_authenticated and policy_registry.get_by_type(type(document)).user_has_any_permission_for_instance(
        user, ["add", "change", "delete", "choose"], document
    ):
        return True
    return published_documents().filter(pk=document.pk).exists()
