"""What of another kommun an editor may see in the admin: what the public sees, and no more.

Wagtail's own views decide what a user may *change*; several read-only corners (the page
chooser, the bulk-action confirmation pages, the admin's page API, reports) show titles of
objects the user may not change. These two questions are what they ask here instead.
"""
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .permissions import user_may_manage


def visible_pages(user):
    """Pages the user may see: their own kommun's trees (with the root above them) and every
    live page without a view restriction (which the public sees anyway)."""
    if user.is_superuser:
        return Page.objects.all()
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return Page.objects.filter(pk__in=explorable.values("pk")) | Page.objects.live().public()


def visible_to(user, obj):
    """Whether `user` may see that `obj` exists (its title, its kind): pages as above, records
    of a kommun to that kommun, images and documents to whoever may use their collection."""
    if user.is_superuser:
        return True
    if isinstance(obj, Page):
        return visible_pages(user).filter(pk=obj.pk).exists()
    if hasattr(obj, "kommun_id"):
        return user_may_manage(user, obj.kommun_id)
    if hasattr(obj, "collection_id"):
        policy = policy_registry.get_by_type(type(obj))
        return policy.user_has_any_permission_for_instance(user, ["add", "change", "delete", "choose"], obj)
    return True
