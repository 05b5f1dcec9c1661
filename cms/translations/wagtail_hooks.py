from django.urls import include, path
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_translation_views():
    """The translation matrix and the out-of-date views, under /admin/translations/."""
    return [path("translations/", include(urls, namespace="translations"))]
