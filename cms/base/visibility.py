"""What of another kommun an editor may see in the admin: what the public sees, and no more.

Wagtail's own views decide what a user may *change*; several read-only corners (the page
chooser, the bulk-action confirmation pages, the usage views) show titles of
objects the user may not change. These questions are what they ask here instead.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, PageViewRestriction
from wagtail.permissions import policy_registry

from . import permissions  # (a module: permissions' viewsets import the views that import this one)


def _own_tree_paths(user):
    """Paths of the trees the user works in (cached on the user object per request)."""
    if not user.is_authenticated:
        return ()
    if not hasattr(user, "_own_tree_paths"):
        paths = GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
        user._own_tree_paths = tuple(sorted(set(paths)))
    return user._own_tree_paths


def own_pages_q(user):
    """The pages of the user's own kommun's trees, with the pages above them."""
    own = Q(depth=1)
    for path in _own_tree_paths(user):
        ancestors = [path[:length] for length in range(Page.steplen, len(path), Page.steplen)]
        own |= Q(path__startswith=path) | Q(path__in=ancestors)
    return own


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
    return public | own_pages_q(user)


def is_own_page(user, page):
    """Whether `page` is in (or above) one of the trees the user works in: theirs to see in full."""
    if user.is_superuser or page.depth == 1:
        return True
    return any(page.path.startswith(path) or path.startswith(page.path) for path in _own_tree_paths(user))


def public_face(page, user):
    """`page` (in memory, never saved) as the public knows it, when it is not the user's own.

    Wagtail's admin shows a page by its latest draft: the draft's title, "live + draft", the time
    of the last edit, a scheduled publication, the arrow to children that may all be drafts.
    Of another kommun's published page the user sees what the published site shows."""
    if is_own_page(user, page):
        return page
    page.draft_title = page.title
    page.has_unpublished_changes = False
    page.latest_revision_created_at = page.last_published_at
    page._approved_schedule = False
    if getattr(page, "can_descend", False):
        page.can_descend = visible_pages(user).child_of(page).exists()
    return page


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
        return permissions.user_may_manage(user, obj.kommun_id)
    if hasattr(obj, "collection_id"):
        policy = policy_registry.get_by_type(type(obj))
        return policy.user_has_any_permission_for_instance(user, ["add", "change", "delete", "choose"], obj)
    return True


def visible_usage(groups, user):
    """Of the objects that use one (a usage view's `(object, references)` pairs), those the user may see.

    Wagtail lists every user of an image, document, page or snippet, and those the user may not edit
    as "(Private page)": that another kommun's draft uses a region's image or links to a page is
    not for this kommun's editors to know, not even as a row or a count."""
    return [(source, references) for source, references in groups if visible_to(user, source)]
