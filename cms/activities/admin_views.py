"""The moderation queue's review page: one submitted activity, its sender, and the decision."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from cms.base.permissions import scope_queryset

from . import moderation
from .models import Activity, ActivitySubmission, ModerationStatus


class DecisionForm(forms.Form):
    """Approve, or reject with the reason the submitter will read."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve and publish")), ("reject", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the submitter. Needed only to reject."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Write the reason for the rejection: the submitter is told."))
        return cleaned


class ReviewView(WagtailAdminTemplateMixin, FormView):
    """Read a submission in full, then approve or reject it (or open the activity to edit it first)."""

    template_name = "activities/admin/review.html"
    form_class = DecisionForm
    header_icon = "tasks"
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        submissions = scope_queryset(ActivitySubmission.objects.select_related("activity", "kommun"), request.user)
        self.submission = get_object_or_404(submissions, pk=kwargs["pk"])
        self.activity = self.submission.activity

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(Activity)
        if not policy.user_has_permission_for_instance(request.user, "publish", self.activity):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Review a submitted activity")

    def get_page_subtitle(self):
        return str(self.submission)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Submitted activities")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submission=self.submission,
            activity=self.activity,
            texts=sorted(self.activity.translations.all(), key=lambda row: row.language_code != "sv"),
            pending=self.activity.moderation_status == ModerationStatus.PENDING,
            edit_url=reverse(Activity.snippet_viewset.get_url_name("edit"), args=[self.activity.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        if self.activity.moderation_status != ModerationStatus.PENDING:
            form.add_error(None, _("This activity has been decided on already."))
            return self.form_invalid(form)
        if form.cleaned_data["decision"] == "approve":
            try:
                moderation.approve(self.activity, self.request.user)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                return self.form_invalid(form)
            messages.success(
                self.request,
                _("“%(title)s” is approved and published: the next build puts it on the site.")
                % {"title": self.submission},
            )
        else:
            moderation.reject(self.activity, self.request.user, form.cleaned_data["reason"].strip())
            messages.success(self.request, _("“%(title)s” is rejected.") % {"title": self.submission})
        return redirect(self.index_url_name)
