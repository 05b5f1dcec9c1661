"""The search API's URLs and search pages (part of cms.public_urls)."""

from django.urls import path, register_converter

from . import pages, views


class EndpointConverter:
    regex = "housing|activities|jobs|site"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SearchPageConverter(EndpointConverter):
    regex = "housing|activities|jobs"


register_converter(EndpointConverter, "endpoint")
register_converter(SearchPageConverter, "search_page")

urlpatterns = [
    path("api/search/openapi.json", views.openapi, name="search-openapi"),
    path("api/search/<endpoint:endpoint>", views.search, name="search"),
    path("search/<slug:slug>/<slug:language>/<search_page:page>", pages.search_page, name="search-page"),
]
