"""What every experiments and sessions admin page shares: one object of the editor's kommun."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from cms.base.permissions import scope_queryset, user_may_manage


class KommunObjectView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one experiment or session, open only to editors of its kommun.

    `action` is the model permission it needs: "view" to read, "change" to act."""

    viewset = None
    action = "view"
    header_icon = "crosshairs"

    def dispatch(self, request, *args, **kwargs):
        model = self.viewset.model
        self.object = get_object_or_404(scope_queryset(model.objects.all(), request.user), pk=kwargs["pk"])
        policy = ModelPermissionPolicy(model)
        if not (
            policy.user_has_permission(request.user, self.action)
            and user_may_manage(request.user, self.object.kommun_id)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        model = self.viewset.model
        return self.breadcrumbs_items + [
            {"url": reverse(self.viewset.get_url_name("list")), "label": capfirst(model._meta.verbose_name_plural)},
            {"url": reverse(self.viewset.get_url_name("edit"), args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def url(self, name, *args):
        return reverse(self.viewset.get_url_name(name), args=[self.object.pk, *args])


def microsite_url(kommun, path):
    """The address of a page of a kommun's published microsite (settings.MICROSITE_URL)."""
    return kommun.config.microsite_url(path)


def page_path(page):
    """A page's path on its static microsite, as the build lays it out (/<language>/<path below the home>)."""
    from ..models.experiments import site_home

    home = site_home(page)
    relative = page.url_path[len(home.url_path) :] if home else ""
    return f"/{page.locale.language_code}/{relative}"
