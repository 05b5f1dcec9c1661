"""What of another kommun an editor may see in the admin: what the public sees, and no more.

Wagtail's own views decide what a user may *change*; several read-only corners (the page
chooser, the bulk-action confirmation pages) show titles of
objects the user may not change. These two questions are what they ask here instead.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, PageViewRestriction
from wagtail.permissions import policy_registry

from .permissions import user_may_manage


def visible_pages_q(user):
    """Pages the user may see, as a condition on the fields Wagtail's search indexes too (so
    that the chooser's search can apply it): their own kommun's trees (with
    the pages above them) and every live page outside a view restriction, which the public
    sees anyway."""
    if user.is_superuser:
        return Q()
    public = Q(live=True)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        public &= ~Q(path__startswith=path)
    own = Q(depth=1)
    for path in GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True).distinct():
        ancestors = [path[:length] for length in range(Page.steplen, len(path), Page.steplen)]
        own |= Q(path__startswith=path) | Q(path__in=ancestors)
    return public | own


def visible_pages(user):
    """The pages `visible_pages_q` lets the user see."""
    return Page.objects.filter(visible_pages_q(user))


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
