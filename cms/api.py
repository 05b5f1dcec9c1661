"""The public, read-only headless API: Wagtail's API v2 plus the listings."""

from rest_framework.routers import SimpleRouter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .activities.api import ActivityViewSet
from .base.documents import published_documents
from .housing.api import HousingListingViewSet
from .jobs.api import JobViewSet


class PublishedDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents that published content links to; an upload alone is not a publication."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=published_documents().values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublishedDocumentsAPIViewSet)

_listings = SimpleRouter(trailing_slash=True)
_listings.register("housing", HousingListingViewSet, basename="housing")
_listings.register("activities", ActivityViewSet, basename="activities")
_listings.register("jobs", JobViewSet, basename="jobs")
listing_urls = _listings.urls
