import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from cms.base.chooser_widgets import PageChooserPanel
from cms.base.models import Kommun
from cms.base.models.audit_log import numbered_label

from ..session_form import UsabilitySessionForm


def new_token():
    return secrets.token_urlsafe(18)


class UsabilitySession(ClusterableModel):
    """A moderated test: a kommun team sits with a migrant who works through a few tasks.

    The session's link (and QR code) opens the microsite in the session's language and,
    if it tests an experiment, in one variant; everything the participant does on the site
    is then recorded against the session. The participant's consent, given in person,
    stands for the site's prompt. No real name is needed: an alias is enough.
    """

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    participant = models.CharField(
        _("participant alias"),
        max_length=80,
        help_text=_("An alias, e.g. 'P3' or 'Dutch family'; no real name is needed."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES, default="en")
    experiment = models.ForeignKey(
        "experiments.Experiment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("experiment"),
    )
    variant = models.CharField(
        _("variant"),
        max_length=2,
        blank=True,
        help_text=_("The variant's letter, e.g. b; empty shows the page as published."),
    )
    start_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("start page"),
        help_text=_("Where the link opens; the home page when empty."),
    )
    scheduled_for = models.DateTimeField(_("when"), null=True, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=80, blank=True)
    consent_given = models.BooleanField(
        _("the participant agreed in person"),
        default=False,
        help_text=_("The session records nothing until this is ticked."),
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("A closed session accepts no more events from its link.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    base_form_class = UsabilitySessionForm
    panels = [
        FieldPanel("kommun"),
        FieldRowPanel([FieldPanel("participant"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("experiment"), FieldPanel("variant")]),
        PageChooserPanel("start_page"),
        FieldRowPanel([FieldPanel("scheduled_for"), FieldPanel("facilitator")]),
        FieldRowPanel([FieldPanel("consent_given"), FieldPanel("closed")]),
        InlinePanel("tasks", label=_("Tasks"), min_num=1),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("usability session")
        verbose_name_plural = _("usability sessions")

    def __str__(self):
        return f"{self.participant} ({self.kommun}, {self.language})"

    def audit_label(self):
        """How the audit log names a session: by number, not by the participant's alias."""
        return numbered_label(self)

    def clean(self):
        """The variant is one the experiment has, in the lower case the site reads."""
        super().clean()
        self.variant = (self.variant or "").strip().lower()
        if not self.variant:
            return
        if self.experiment_id is None:
            raise ValidationError({"variant": _("A variant needs an experiment: choose the experiment too.")})
        keys = sorted(self.experiment.variants.values_list("key", flat=True))
        if self.variant not in keys:
            raise ValidationError(
                {
                    "variant": _(
                        "The experiment “%(experiment)s” has the variants %(keys)s; it has no variant “%(variant)s”."
                    )
                    % {
                        "experiment": self.experiment.name,
                        "keys": ", ".join(k.upper() for k in keys),
                        "variant": self.variant.upper(),
                    }
                }
            )

    @property
    def accepts_events(self):
        return self.consent_given and not self.closed


class TaskOutcome(models.TextChoices):
    PENDING = "pending", _("Not started")
    STARTED = "started", _("In progress")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Not completed")
    SKIPPED = "skipped", _("Skipped")


class SessionTask(Orderable):
    """One task the participant is given, e.g. "find a three-room flat under 9,000 SEK near a school".

    The facilitator marks when it starts and how it ends, which gives time on task and the
    pages, searches and clicks in between."""

    session = ParentalKey(UsabilitySession, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("task"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=10, choices=TaskOutcome.choices, default=TaskOutcome.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("task")

    def __str__(self):
        return self.text

    @property
    def seconds(self):
        if self.started_at and self.ended_at:
            return (self.ended_at - self.started_at).total_seconds()
        return None


class SessionEvent(models.Model):
    """What the participant did on the site: a page seen, a search made, a link or button clicked."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        SEARCH = "search", _("Search")
        CLICK = "click", _("Click")
        GOAL = "goal", _("Goal")

    session = models.ForeignKey(UsabilitySession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    path = models.CharField(max_length=300)
    detail = models.CharField(max_length=200, blank=True)
    variant = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.path}"


class Observation(models.Model):
    """A note or insight an observer writes during or after a session, tied to a task."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        INSIGHT = "insight", _("Insight")
        PROBLEM = "problem", _("Problem")
        QUOTE = "quote", _("Quote")

    session = models.ForeignKey(UsabilitySession, on_delete=models.CASCADE, related_name="observations")
    task = models.ForeignKey(SessionTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="observations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    page = models.CharField(
        _("page"), max_length=300, blank=True, help_text=_("Optional: the page's address, e.g. /en/housing/.")
    )
    text = models.TextField(_("note"))
    author = models.CharField(_("observer"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
