"""Everything the static microsites reach on the project's public service.

Served inside the CMS (cms.urls includes it) or alone with cms.settings.public_api: the
read-only search API and search pages, and the small write-only endpoints the sites post to.
Nothing here needs a login or a session.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("cms.search.urls")),
    path("", include("cms.experiments.urls")),
    path("", include("cms.activities.urls")),
    path("", include("cms.contact.urls")),
    path("", include("cms.privacy.urls")),
]
