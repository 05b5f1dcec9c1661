"""The project's URLs plus Wagtail's page serving, with a language prefix like the microsites."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

from cms.urls import urlpatterns as cms_urlpatterns

urlpatterns = cms_urlpatterns + i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)
