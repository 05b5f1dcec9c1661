"""Wagtail admin URLs answered by the kommun-scoped views of `cms.base.scoped_admin` and `cms.base.scoped_reports`.

Included ahead of Wagtail's admin URLs, so these paths resolve here first; Wagtail's URL
names still reverse to the same paths.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import scoped_admin, scoped_reports

urlpatterns = [
    path("choose-page/", scoped_admin.ScopedPageBrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", scoped_admin.ScopedPageBrowseView.as_view()),
    path("choose-page/search/", scoped_admin.ScopedPageSearchView.as_view()),
    path("choose-page/chosen-multiple/", scoped_admin.ScopedPageChosenMultipleView.as_view()),
    path("images/usage/<int:image_id>/", scoped_admin.ScopedImageUsageView.as_view()),
    path("documents/usage/<int:document_id>/", scoped_admin.ScopedDocumentUsageView.as_view()),
    path("pages/<int:page_id>/usage/", scoped_admin.ScopedPageUsageView.as_view()),
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", scoped_admin.bulk_action),
    path("reports/page-types-usage/", scoped_reports.ScopedPageTypesUsageReportView.as_view()),
    path("reports/page-types-usage/results/", scoped_reports.ScopedPageTypesUsageReportView.as_view(results_only=True)),
    path("reports/locked/", scoped_reports.ScopedLockedPagesView.as_view()),
    path("reports/locked/results/", scoped_reports.ScopedLockedPagesView.as_view(results_only=True)),
    path("reports/workflow/", scoped_reports.ScopedWorkflowView.as_view()),
    path("reports/workflow/results/", scoped_reports.ScopedWorkflowView.as_view(results_only=True)),
]
# The protection Wagtail gives its own admin URLs.
urlpatterns = decorate_urlpatterns(decorate_urlpatterns(urlpatterns, require_admin_access), never_cache)
