from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from .documents import may_fetch
from .models import Driver, KommunLogEntry, kommun_scoped_models
from .permissions import ScopedSnippetViewSet
from .scoped_admin import ScopedDocumentsAdminAPIViewSet, ScopedImagesAdminAPIViewSet
from .validators import home_deletion_error
from .visibility import visible_pages_q


class DriverViewSet(ScopedSnippetViewSet):
    """The shared driver taxonomy, kept by region editors."""

    model = Driver
    icon = "tag"
    menu_label = _("Drivers")
    list_display = ["__str__", "name", "slug"]  # the name in the editor's language first
    add_to_admin_menu = False


register_snippet(DriverViewSet)


@hooks.register("register_log_actions")
def log_kommun_records_per_kommun(actions):
    """Records of one kommun are logged with it, so the site history shows them to that kommun only."""
    for model in kommun_scoped_models():
        actions.register_model(model, KommunLogEntry)


@hooks.register("construct_page_chooser_queryset")
def choose_only_visible_pages(pages, request):
    """The page chooser offers the editor's own kommun's pages and what is public, nothing else."""
    return pages.filter(visible_pages_q(request.user))


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own apps have registered theirs
def scope_the_admin_api(router):
    """The admin's own image and document API answers per collection, as its page API answers per tree."""
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("before_serve_document")
def serve_only_published_documents(document, request):
    """An uploaded document reaches the public once published content links to it (its own
    kommun's editors fetch it before, to check it)."""
    if not may_fetch(request.user, document):
        raise Http404("No such document.")


@hooks.register("before_delete_page")
def keep_the_home_pages_the_sites_are_built_from(request, page):
    """A kommun's home page in a language its site lists is not deleted (the build would refuse the kommun)."""
    error = home_deletion_error(page)
    if error:
        messages.error(request, error)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def keep_the_home_pages_from_bulk_deletion(request, action_type, objects, action_class_instance):
    """The same for the page listing's bulk delete."""
    if action_type != "delete":
        return None
    errors = [error for page in objects if isinstance(page, Page) and (error := home_deletion_error(page))]
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect(request.GET.get("next") or "wagtailadmin_explore_root")
    return None
