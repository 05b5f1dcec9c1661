"""The translators' admin views: the kommun's translation matrix, and for an out-of-date translation what
changed in Swedish since it was saved, with the "checked, still right" action.

Every view answers for the editor's own kommun only: the matrix for the kommuner the editor
edits, an out-of-date translation to whoever may edit it (pages by Wagtail's page permissions,
listings by the kommun scoping of `cms.base.permissions`).
"""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cms.base.models import Kommun
from cms.base.permissions import user_may_manage

from . import listings, pages
from .matrix import translation_matrix

ROWS_PER_PAGE = 100


class TranslationMatrixView(WagtailAdminTemplateMixin, TemplateView):
    """Every page and listing of one of the editor's kommuner by language: translated, missing or out of date."""

    template_name = "translations/matrix.html"
    page_title = gettext_lazy("Translations")
    header_icon = "globe"

    def dispatch(self, request, *args, **kwargs):
        self.kommuner = list(Kommun.objects.for_user(request.user).select_related("site__root_page"))
        if not self.kommuner:
            raise PermissionDenied
        wanted = request.GET.get("kommun")
        self.kommun = next((k for k in self.kommuner if k.slug == wanted), None) if wanted else self.kommuner[0]
        if self.kommun is None:
            raise Http404(_("You edit no kommun called %(slug)s.") % {"slug": wanted})
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.kommun.name

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Translations"), "sublabel": self.kommun.name}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matrix = translation_matrix(self.kommun)
        context.update(
            matrix=matrix,
            kommuner=self.kommuner,
            rows=Paginator(matrix.rows, ROWS_PER_PAGE).get_page(self.request.GET.get("p")),
        )
        return context


class OutOfDateView(WagtailAdminTemplateMixin, TemplateView):
    """What changed in Swedish since a translation was saved; POST marks it "checked, still right"."""

    template_name = "translations/out_of_date.html"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        matrix = {"url": reverse("translations:matrix"), "label": _("Translations")}
        return [*self.breadcrumbs_items, matrix, {"url": "", "label": self.get_page_title()}]

    def post(self, request, *args, **kwargs):
        self.mark_checked()
        messages.success(request, _("Marked as checked: the translation is still right."))
        after = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(after, allowed_hosts={request.get_host()}):
            after = reverse("translations:matrix")
        return redirect(after)


class PageOutOfDateView(OutOfDateView):
    """A page translation: Wagtail's comparison of the Swedish source's revisions since then."""

    def dispatch(self, request, page_id):
        self.translation = get_object_or_404(Page, pk=page_id).specific
        if not self.translation.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.source = pages.source_of(self.translation)
        if self.source is None:
            raise Http404(_("This page is not a translation of a Swedish page."))
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Out of date: %(title)s") % {"title": self.translation.title}

    def mark_checked(self):
        pages.mark_checked(self.translation, self.request.user)

    def get_context_data(self, **kwargs):
        since = pages.last_worked_on(self.translation, pages.checked_at(self.translation))
        then = pages.source_revision_then(self.source, since)
        compare = reverse(
            "wagtailadmin_pages:revisions_compare", args=[self.source.pk, then.pk if then else "earliest", "live"]
        )
        return super().get_context_data(
            out_of_date=pages.source_changed_since(self.source, since),
            since=since,
            compare_url=compare,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.translation.pk]),
            language=self.translation.locale.get_display_name(),
            **kwargs,
        )


class ListingOutOfDateView(OutOfDateView):
    """A listing's translation: the Swedish fields then and now, compared by Wagtail's field comparison."""

    def dispatch(self, request, app_label, model_name, pk, language_code):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            raise Http404 from None
        if model not in listings.TRANSLATED_LISTINGS:
            raise Http404
        self.listing = get_object_or_404(model, pk=pk)
        policy = policy_registry.get_by_type(model)
        if not (
            policy.user_has_permission(request.user, "change") and user_may_manage(request.user, self.listing.kommun_id)
        ):
            raise PermissionDenied
        self.language_code = language_code
        return super().dispatch(request, app_label, model_name, pk, language_code)

    def get_page_title(self):
        return _("Out of date: %(title)s") % {"title": self.listing}

    def mark_checked(self):
        if listings.translation_is_out_of_date(self.listing, self.language_code):
            listings.mark_checked(self.listing, self.language_code, self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            out_of_date=listings.translation_is_out_of_date(self.listing, self.language_code),
            comparison=listings.source_changes(self.listing, self.language_code),
            edit_url=reverse(type(self.listing).snippet_viewset.get_url_name("edit"), args=[self.listing.pk]),
            language=dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(self.language_code, self.language_code),
            **kwargs,
        )
