"""Wagtail admin views that show titles of objects the user may not change, narrowed to what
the user may see (`cms.base.visibility`): the page chooser, the bulk actions' confirmation
pages and the admin's image and document API (Wagtail scopes its page API by tree already;
the reports are in `cms.base.scoped_reports`).

Each is Wagtail's own view with the one question it asks answered per kommun; they take
Wagtail's URLs in `cms.base.admin_urls`, ahead of Wagtail's own.
"""

from django.apps import apps
from django.http import Http404
from rest_framework.authentication import SessionAuthentication
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from .visibility import visible_pages, visible_to


class ScopedPageBrowseView(chooser.BrowseView):
    """The page chooser's tree: another kommun's draft or private page is not a place to browse."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None and not visible_pages(request.user).filter(pk=parent_page_id).exists():
            raise Http404
        return super().get(request, parent_page_id)


class ScopedPageChosenMultipleView(chooser.ChosenMultipleView):
    """The page chooser's answer for ids the editor picked: only pages they may see."""

    def get(self, request):
        visible = visible_pages(request.user).filter(pk__in=[pk for pk in request.GET.getlist("id") if pk.isdigit()])
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return super().get(request)


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, whose confirmation page lists only items the user may see.

    Wagtail lists the chosen items the user may not act on, by title, so that they know what
    was left out; an id of another kommun's draft would show its title."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    scoped_class = type(f"Scoped{action_class.__name__}", (VisibleItemsOnly, action_class), {})
    return scoped_class(request, model).dispatch(request)


class VisibleItemsOnly:
    """Drop the items a user may not even see from a bulk action's "no access" list."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        extra["items_with_no_access"] = [item for item in extra["items_with_no_access"] if visible_to(user, item)]
        return objects, extra


class CollectionScopedAdminAPI:
    """The admin API's image and document endpoints: those of the collections the user works in
    (what their choosers offer), not every kommun's."""

    authentication_classes = [SessionAuthentication]  # the admin's session, as the admin's page API reads it

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        own = policy.instances_user_has_any_permission_for(self.request.user, ["add", "change", "delete", "choose"])
        return super().get_queryset().filter(pk__in=own.values("pk"))


class ScopedImagesAdminAPIViewSet(CollectionScopedAdminAPI, ImagesAdminAPIViewSet):
    """Images in the admin API, per collection."""


class ScopedDocumentsAdminAPIViewSet(CollectionScopedAdminAPI, DocumentsAdminAPIViewSet):
    """Documents in the admin API, per collection."""
