"""Wagtail admin views that show titles of objects the user may not change, narrowed to what
the user may see (`cms.base.visibility`): the page chooser (another kommun's pages by their
public face), the bulk actions' confirmation pages, the usage views of images, documents and
pages, and the admin's image and document API (Wagtail scopes its page API by tree already;
the reports are in `cms.base.scoped_reports`, the snippets' usage views in `cms.base.permissions`).

Each is Wagtail's own view with the one question it asks answered per kommun; they take
Wagtail's URLs in `cms.base.admin_urls`, ahead of Wagtail's own.
"""

from functools import cache

from django.apps import apps
from django.http import Http404
from django.urls import reverse
from rest_framework.authentication import SessionAuthentication
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages.usage import UsageView as PageUsageView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.documents import UsageView as DocumentUsageView
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views.images import UsageView as ImageUsageView
from wagtail.permissions import policy_registry

from .scoped_usage import VisibleUsageOnly
from .visibility import public_face, visible_pages, visible_to


class PublicFaceCell:
    """A page chooser column whose cells show another kommun's page by its public face
    (`cms.base.visibility.public_face`): its published title, no sign of its drafts."""

    def get_cell_context_data(self, instance, parent_context):
        return super().get_cell_context_data(public_face(instance, parent_context["request"].user), parent_context)


class VisibleParentColumn(chooser.ParentPageColumn):
    """The search results' "Parent" column: a parent the user may not see is not named."""

    def get_value(self, instance):
        parent = instance.get_parent()
        return parent if parent is not None and visible_pages(self.user).filter(pk=parent.pk).exists() else None

    def get_cell_context_data(self, instance, parent_context):
        self.user = parent_context["request"].user
        context = super().get_cell_context_data(instance, parent_context)
        if context["value"] is not None:
            public_face(context["value"], self.user)
        return context


@cache
def _public_face_class(column_class):
    return type(f"PublicFace{column_class.__name__}", (PublicFaceCell, column_class), {})


def public_face_columns(columns):
    """The chooser's own columns, each made to show other kommuner's pages by their public face.

    Wagtail builds them in the view (with labels, widths and the multiple-choice checkbox): they are
    kept and given the behaviour rather than declared a second time here."""
    for column in columns:
        if isinstance(column, chooser.ParentPageColumn):
            column.__class__ = VisibleParentColumn
        column.__class__ = _public_face_class(type(column))
    return columns


class ScopedPageBrowseView(chooser.BrowseView):
    """The page chooser's tree: another kommun's draft or private page is not a place to browse,
    and another kommun's pages are shown as the public sees them (the breadcrumbs by the template
    `wagtailadmin/chooser/_browse_results.html` of this app)."""

    @property
    def columns(self):
        return public_face_columns(super().columns)

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None and not visible_pages(request.user).filter(pk=parent_page_id).exists():
            raise Http404
        return super().get(request, parent_page_id)


class ScopedPageSearchView(chooser.SearchView):
    """The page chooser's search: other kommuner's pages by their public face, parents the user
    may not see left unnamed (which pages it finds, the `construct_page_chooser_queryset` hook decides)."""

    @property
    def columns(self):
        return public_face_columns(super().columns)


class ScopedPageChosenMultipleView(chooser.ChosenMultipleView):
    """The page chooser's answer for ids the editor picked: only pages they may see, by their public face."""

    def get(self, request):
        pks = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = visible_pages(request.user).filter(pk__in=pks).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": public_face(page, request.user).get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


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


class ScopedImageUsageView(VisibleUsageOnly, ImageUsageView):
    """Where an image is used."""


class ScopedDocumentUsageView(VisibleUsageOnly, DocumentUsageView):
    """Where a document is used."""


class ScopedPageUsageView(VisibleUsageOnly, PageUsageView):
    """What links to a page."""
