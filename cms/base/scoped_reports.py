"""Wagtail's reports as each kommun's editors read them: counts, names and filter choices of
their own kommun's pages only.

Wagtail already lists only the pages a user may change in these reports, but some of their
figures and filters are counted over the whole tree: the page types report counts and names
every kommun's pages (drafts too), and the "locked by" and "requested by" filters list every
editor who ever locked a page or asked for a review. The site history report is scoped by
its log models (`cms.base.models.audit_log`).
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView, get_editable_page_ids_query
from wagtail.models import Page, WorkflowState, get_default_page_content_type
from wagtail.permissions import policy_registry


def own_pages(user):
    """The pages this user may work on (add, change or publish)."""
    return policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, ["add", "change", "publish"])


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Page types usage counting, and naming the last edited page among, the editor's own pages only."""

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models).exclude(
            id=ContentType.objects.get_for_model(Page).id
        )
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        narrowed = {}  # by the report's own filters, as Wagtail's report narrows its counts
        language_code = self.filters.form.cleaned_data.get("page_locale")
        site_root_path = self.filters.form.cleaned_data.get("site")
        if language_code:
            narrowed["locale__language_code"] = language_code
        if site_root_path:
            narrowed["path__startswith"] = site_root_path
        own = own_pages(self.request.user).filter(**narrowed)
        latest = own.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=own.values("pk"))),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


def users_who_locked_own_pages(request):
    return get_user_model().objects.filter(pk__in=own_pages(request.user).filter(locked=True).values("locked_by"))


class ScopedLockedPagesFilterSet(LockedPagesReportFilterSet):
    """ "Locked by" offers the editors who locked one of the user's own pages."""

    locked_by = django_filters.ModelChoiceFilter(
        label=_("Locked by"), empty_label=_("Anyone"), field_name="locked_by", queryset=users_who_locked_own_pages
    )


class ScopedLockedPagesView(LockedPagesView):
    """Wagtail's locked pages report with its user filter scoped."""

    filterset_class = ScopedLockedPagesFilterSet


def users_who_requested_own_reviews(request):
    states = WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(), object_id__in=get_editable_page_ids_query(request)
    )
    return get_user_model().objects.filter(pk__in=states.values("requested_by"))


class ScopedWorkflowFilterSet(WorkflowReportFilterSet):
    """ "Requested by" offers the editors who asked for a review of one of the user's own pages."""

    requested_by = django_filters.ModelChoiceFilter(field_name="requested_by", queryset=users_who_requested_own_reviews)


class ScopedWorkflowView(WorkflowView):
    """Wagtail's workflow report with its user filter scoped."""

    filterset_class = ScopedWorkflowFilterSet
