from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router, listing_urls

urlpatterns = [
    path("admin/", include("cms.base.admin_urls")),  # kommun-scoped versions of a few of Wagtail's views
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include(listing_urls)),
    path("api/v2/", api_router.urls),
    path("", include("cms.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
