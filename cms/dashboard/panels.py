"""The dashboard's panels: each lists one kind of work waiting for the editor, in the editor's kommun only.

Every panel reads through the permission policy of what it lists (`cms.base.permissions`,
`cms.imports.permissions`), the same querysets the admin's own index views show, so a panel
can never show what the editor's menus would not; a superuser sees every kommun with a kommun
column. Senders' names and email addresses never appear: a request or a submission is shown by
its number, or by the activity's title as the moderation queue shows it.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from cms.activities.models import ActivitySubmission, ModerationStatus
from cms.base.models import Kommun
from cms.contact.models import ContactRequest, Status
from cms.experiments.models import Experiment, ExperimentStatus
from cms.imports.models import ImportRun
from cms.privacy.models import personal_data_models
from cms.translations.matrix import OUT_OF_DATE, translation_matrix

#: How many items a panel lists before it links to the whole list.
SHOWN = 5
#: Personal data erased within this many days counts as "due soon".
DUE_SOON_DAYS = 7


def local_time(moment):
    """A time as editors read it: Europe/Stockholm, to the minute."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


class Item:
    """One line of a panel: what it is, where to act on it, and a few words about it."""

    def __init__(self, label, url, detail="", kommun=None, notes=()):
        self.label, self.url, self.detail, self.kommun = label, url, detail, kommun
        self.notes = list(notes)  # (sentence, where to fix it) under the item: what a build left out


class KommunPanel(Component):
    """A dashboard panel listing the first few of one kind of waiting work, with a link to all of it."""

    template_name = "dashboard/panel.html"
    name = ""
    heading = ""
    empty_text = _("Nothing is waiting.")
    model = None  # the model whose view permission decides whether the panel is shown at all

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def visible(self, model=None):
        """Records of `model` the user may view, as the admin's index shows them (None: no permission)."""
        policy = policy_registry.get_by_type(model or self.model)
        if not policy.user_has_permission(self.user, "view"):
            return None
        return policy.instances_user_has_permission_for(self.user, "view")

    def get_items(self, queryset):
        raise NotImplementedError

    def more_url(self):
        return ""

    def queryset(self):
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        queryset = self.queryset()
        count = queryset.count()
        return {
            "panel_id": f"nb-{self.name}",
            "heading": self.heading,
            "count": count,
            "items": self.get_items(queryset[:SHOWN]),
            "more_url": self.more_url() if count > SHOWN else "",
            "empty_text": self.empty_text,
            "show_kommun": Kommun.objects.for_user(self.user).count() > 1,
        }

    def render_html(self, parent_context=None):
        if self.visible() is None:
            return ""
        return super().render_html(parent_context)


class SubmittedActivitiesPanel(KommunPanel):
    """Activities the public sent that wait for an editor to approve or reject them."""

    name = "submitted-activities"
    heading = _("Submitted activities waiting for moderation")
    model = ActivitySubmission
    order = 101

    def queryset(self):
        return (
            self.visible()
            .filter(activity__moderation_status=ModerationStatus.PENDING)
            .select_related("activity", "kommun")
            .prefetch_related("activity__translations")
            .order_by("received_at")
        )

    def get_items(self, queryset):
        return [
            Item(
                str(submission),
                reverse("activity_submissions:review", args=[submission.pk]),
                _("Received %(time)s, in %(language)s")
                % {"time": local_time(submission.received_at), "language": submission.get_language_display()},
                submission.kommun,
            )
            for submission in queryset
        ]

    def more_url(self):
        return reverse("activity_submissions:index") + "?activity__moderation_status=pending"


class ContactRequestsPanel(KommunPanel):
    """Requests to the relocation coordinator nobody has answered yet (shown by number, never by sender)."""

    name = "contact-requests"
    heading = _("Unanswered contact requests")
    model = ContactRequest
    order = 102

    def queryset(self):
        return self.visible().filter(status=Status.NEW).select_related("kommun").order_by("received_at")

    def get_items(self, queryset):
        return [
            Item(
                _("Request #%(number)s") % {"number": request.pk},
                reverse("contact_requests:inspect", args=[request.pk]),
                _("Received %(time)s, in %(language)s; looking for %(interests)s")
                % {
                    "time": local_time(request.received_at),
                    "language": request.get_language_display(),
                    "interests": request.interests_display,
                },
                request.kommun,
            )
            for request in queryset
        ]

    def more_url(self):
        return reverse("contact_requests:index") + "?status=new"


#: Where each kind of personal data is listed in the admin.
PERSONAL_DATA_INDEXES = {ActivitySubmission: "activity_submissions:index", ContactRequest: "contact_requests:index"}


class PersonalDataPanel(KommunPanel):
    """Personal data past its retention period (erased tonight) or reaching it within a week, per kind."""

    name = "personal-data"
    heading = _("Personal data due for erasure")
    empty_text = _("No personal data is due for erasure this week.")
    model = ContactRequest
    order = 103

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        items = []
        for model in personal_data_models():
            visible = self.visible(model)
            if visible is None:
                continue
            due = visible.filter(pk__in=model.expired(now).values("pk"))
            soon = visible.filter(pk__in=model.expired(now + timedelta(days=DUE_SOON_DAYS)).values("pk"))
            for kommun_id, name in soon.values_list("kommun_id", "kommun__name").distinct().order_by("kommun__name"):
                due_now = due.filter(kommun_id=kommun_id).count()
                due_soon = soon.filter(kommun_id=kommun_id).count() - due_now
                items.append(
                    Item(
                        model._meta.verbose_name_plural.capitalize(),
                        reverse(PERSONAL_DATA_INDEXES[model]) if model in PERSONAL_DATA_INDEXES else "",
                        _("%(now)s due now (erased at the next nightly run), %(soon)s within %(days)s days")
                        % {"now": due_now, "soon": due_soon, "days": DUE_SOON_DAYS},
                        name,
                    )
                )
        return {
            "panel_id": f"nb-{self.name}",
            "heading": self.heading,
            "count": len(items),
            "items": items,
            "empty_text": self.empty_text,
            "show_kommun": Kommun.objects.for_user(self.user).count() > 1,
        }


class RunningExperimentsPanel(KommunPanel):
    """The kommun's A/B tests that are running now, each linking to its results."""

    name = "running-experiments"
    heading = _("Running experiments")
    empty_text = _("No experiment is running.")
    model = Experiment
    order = 104

    def queryset(self):
        return (
            self.visible()
            .filter(status=ExperimentStatus.RUNNING)
            .select_related("kommun", "page")
            .order_by("started_at")
        )

    def get_items(self, queryset):
        results = Experiment.snippet_viewset.get_url_name("results")
        return [
            Item(
                experiment.name,
                reverse(results, args=[experiment.pk]),
                _("On %(page)s since %(time)s")
                % {"page": experiment.page.title, "time": local_time(experiment.started_at)},
                experiment.kommun,
            )
            for experiment in queryset
        ]

    def more_url(self):
        return reverse(Experiment.snippet_viewset.get_url_name("list")) + "?status=running"


class ImportErrorsPanel(KommunPanel):
    """The latest import runs that failed, stopped or skipped records: why a home or a job did not appear."""

    name = "import-errors"
    heading = _("Last imports with errors")
    empty_text = _("The last imports had no errors.")
    model = ImportRun
    order = 105

    def queryset(self):
        return self.visible().filter(~Q(status="ok") | Q(rejected__gt=0)).select_related("kommun")

    def get_items(self, queryset):
        return [
            Item(
                run.source,
                reverse("imports:inspect", args=[run.pk]),
                _("%(status)s; %(rejected)s records skipped; %(time)s")
                % {"status": run.get_status_display(), "rejected": run.rejected, "time": local_time(run.started_at)},
                run.kommun or _("Region-wide"),
            )
            for run in queryset
        ]

    def more_url(self):
        return reverse("imports:index")


class TranslationsPanel(Component):
    """A summary of each of the editor's kommuner's translations by language, linking to the whole matrix."""

    name = "translations"
    template_name = "dashboard/translations.html"
    order = 106

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        kommuner = Kommun.objects.for_user(self.request.user).select_related("site__root_page")
        matrices = [translation_matrix(kommun) for kommun in kommuner]
        return {
            "matrices": matrices,
            "out_of_date_total": sum(matrix.total(OUT_OF_DATE) for matrix in matrices),
            "matrix_url": reverse("translations:matrix"),
        }

    def render_html(self, parent_context=None):
        if not Kommun.objects.for_user(self.request.user).exists():
            return ""
        return super().render_html(parent_context)


PANELS = [
    SubmittedActivitiesPanel,
    ContactRequestsPanel,
    PersonalDataPanel,
    RunningExperimentsPanel,
    ImportErrorsPanel,
    TranslationsPanel,
]
