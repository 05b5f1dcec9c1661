"""Confining each kommun's editors to their own kommun's listings.

Wagtail scopes pages (by tree) and images/documents (by collection) out of the box,
but not snippets: a snippet permission is global. Listings carry a `kommun`, and this
module makes that field decide who may see or touch them, everywhere Wagtail looks:

* `KommunScopedPermissionPolicy` answers the per-instance questions (used by bulk
  actions, delete views, and our own code) and scopes querysets;
* `KommunScopedSnippetViewSet` filters the index and chooser listings, guards every
  view that takes an object id, and limits the kommun field in forms to the editor's
  own kommuner;
* `KommunScopedModelViewSet` does the same for the inboxes of what the public sends.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenMultipleView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.views.snippets import UsageView as SnippetUsageView

from .chooser_widgets import PublicFaceSnippetChooser
from .models import Kommun
from .scoped_usage import VisibleUsageOnly


def user_kommun_ids(user):
    """Ids of the kommuner this user edits (cached on the user object per request)."""
    if not hasattr(user, "_kommun_ids"):
        user._kommun_ids = frozenset(Kommun.objects.for_user(user).values_list("pk", flat=True))
    return user._kommun_ids


def user_may_manage(user, kommun_id):
    return user.is_active and (user.is_superuser or kommun_id in user_kommun_ids(user))


class KommunScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from the user's groups, narrowed to the user's kommuner."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_may_manage(user, instance.kommun_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and user_may_manage(user, instance.kommun_id)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope_queryset(self.model._default_manager.all(), user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def scope_queryset(queryset, user):
    if user.is_superuser:
        return queryset
    return queryset.filter(kommun_id__in=user_kommun_ids(user))


class ScopedChooseView(ChooseView):
    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user)


class ScopedChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user)


class ScopedChosenMultipleView(ChosenMultipleView):
    """The chooser's answer for several ids at once (no id in the URL for the guard to check)."""

    def get_objects(self, pks):
        return scope_queryset(super().get_objects(pks), self.request.user)


class PublicFaceChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser whose widget on edit forms hides another kommun's snippet (`chooser_widgets`)."""

    base_widget_class = PublicFaceSnippetChooser


class KommunScopedChooserViewSet(PublicFaceChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_multiple_view_class = ScopedChosenMultipleView

    def construct_view(self, view_class, **kwargs):
        return guard_object_views(super().construct_view(view_class, **kwargs), self.model)


def guard_object_views(view, model):
    """Wrap a view so that any object id in its URL must belong to the user's kommuner.

    Wagtail's generic edit, history, usage, revision, preview, lock and workflow
    views fetch the object by id without asking the permission policy about that
    instance; one wrapper in front of all of them is the narrowest place that
    covers every current and future object view.
    """

    @wraps(view)
    def scoped_view(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            kommun_id = model._default_manager.filter(pk=unquote(str(pk))).values_list("kommun_id", flat=True).first()
            if kommun_id is not None and not user_may_manage(request.user, kommun_id):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return scoped_view


class ScopedSnippetUsageView(VisibleUsageOnly, SnippetUsageView):
    """Where a snippet is used, among the objects the user may see."""


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose usage view lists only what the user may see (for snippets every
    kommun shares, such as the region's)."""

    usage_view_class = ScopedSnippetUsageView
    chooser_viewset_class = PublicFaceChooserViewSet


class KommunScopedSnippetViewSet(ScopedSnippetViewSet):
    """A snippet viewset for models with a `kommun` field, scoped to the editor's kommuner."""

    chooser_viewset_class = KommunScopedChooserViewSet
    list_filter = ["kommun", "live"]

    def get_queryset(self, request):
        return scope_queryset(self.model._default_manager.all(), request.user)

    def construct_view(self, view_class, **kwargs):
        return guard_object_views(super().construct_view(view_class, **kwargs), self.model)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        return scoped_form_class(form_class)


def scoped_form_class(form_class):
    """Limit the form's kommun choices to the kommuner the editing user may manage."""

    class KommunScopedForm(form_class):
        def __init__(self, *args, for_user=None, **kwargs):
            super().__init__(*args, for_user=for_user, **kwargs)
            field = self.fields.get("kommun")
            if field is not None and for_user is not None:
                field.queryset = Kommun.objects.for_user(for_user)
                if field.queryset.count() == 1 and not self.instance.pk:
                    field.initial = field.queryset.first()

    KommunScopedForm.__name__ = form_class.__name__
    return KommunScopedForm


class InboxPermissionPolicy(KommunScopedPermissionPolicy):
    """For what the public sends (submissions, contact requests): editors read, answer and erase
    their own kommun's; nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


class ScopedIndexView(IndexView):
    """A model viewset's listing of the editor's own kommuner's records only."""

    def get_base_queryset(self):
        return scope_queryset(super().get_base_queryset(), self.request.user)


class ScopedModelUsageView(VisibleUsageOnly, UsageView):
    """Where a record is used, among the objects the user may see."""


class KommunScopedModelViewSet(ModelViewSet):
    """A model viewset (not a snippet) for records with a `kommun`, scoped like the listings:
    the index shows the editor's kommuner only, and every view that takes an id checks it."""

    index_view_class = ScopedIndexView
    usage_view_class = ScopedModelUsageView
    copy_view_enabled = False

    def construct_view(self, view_class, **kwargs):
        return guard_object_views(super().construct_view(view_class, **kwargs), self.model)
