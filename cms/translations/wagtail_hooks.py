from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages

from . import urls
from .pages import page_translation_is_out_of_date


@hooks.register("register_admin_urls")
def register_translation_views():
    """The translation matrix and the out-of-date views, under /admin/translations/."""
    return [path("translations/", include(urls, namespace="translations"))]


@hooks.register("before_edit_page")
def tell_the_translator_the_swedish_changed(request, page):
    """A translator opening an out-of-date translation is told so, with the way to the Swedish changes."""
    if request.method == "GET" and page_translation_is_out_of_date(page):
        messages.warning(
            request,
            _("The Swedish original has changed since this translation was last saved or checked."),
            buttons=[messages.button(reverse("translations:page", args=[page.pk]), _("See what changed in Swedish"))],
        )
