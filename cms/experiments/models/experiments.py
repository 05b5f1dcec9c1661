from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from cms.base.chooser_widgets import PageChooserPanel
from cms.base.models import Kommun

from ..blocks import VariantChanges
from ..forms import ExperimentForm

#: The page types an experiment can run on, and what their variants may change.
EXPERIMENT_PAGE_TYPES = ("homepage", "topicpage", "storypage")
#: The home page's built-in buttons, named so that a goal can count their clicks.
HOME_CALLS_TO_ACTION = ("search-homes", "all-activities", "open-jobs")
#: Variants are lettered in order; A is the page as published. Six arms is already a lot of traffic.
VARIANT_KEYS = "abcdef"


class ExperimentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class GoalKind(models.TextChoices):
    CALL_TO_ACTION = "cta", _("A click on a named call to action")
    PAGE = "page", _("Reaching a page")
    SEARCH = "search", _("A search performed")
    CONTACT = "contact", _("The contact form sent")


def site_home(page):
    """The home page of the language tree that holds `page` (the page itself for a home page)."""
    return page if page.depth == 2 else Page.objects.ancestor_of(page).filter(depth=2).first()


def kommun_of_page(page):
    """The kommun whose site tree (in any language) holds `page`, or None."""
    if page is None:
        return None
    home = site_home(page)
    if home is None:
        return None
    return Kommun.objects.filter(site__root_page__translation_key=home.translation_key).first()


def call_to_action_names(page):
    """The named calls to action on a page, in any of its languages."""
    names = set(HOME_CALLS_TO_ACTION) if page.specific_class._meta.model_name == "homepage" else set()
    for version in [page, *page.get_translations()]:
        body = getattr(version.specific, "body", None)
        for block in body.raw_data if body is not None else []:
            if block["type"] == "call_to_action" and block["value"].get("name"):
                names.add(block["value"]["name"])
    return names


class Experiment(ClusterableModel):
    """An A/B (or A/B/n) test of one page of a kommun's microsite.

    Variant A is the page as published; every other variant changes a few things on it
    (cms.experiments.blocks). The build publishes every variant of a running experiment
    into the static page, a visitor who agrees to take part keeps one, and the goal's
    events are counted per variant. The plan (baseline, smallest effect worth detecting)
    fixes the sample size before the first visitor, so the result is a fixed-horizon test.
    """

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"))
    page = models.ForeignKey(
        Page,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
        help_text=_(
            "A home page, topic page or story of the kommun's site; the test runs in every language the "
            "variants are written in."
        ),
    )
    name = models.CharField(_("name"), max_length=120)
    hypothesis = models.TextField(
        _("hypothesis"),
        blank=True,
        help_text=_("What the team expects and why, e.g. 'A headline about jobs makes more visitors search homes'."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExperimentStatus.choices, default=ExperimentStatus.DRAFT
    )
    goal_kind = models.CharField(_("goal"), max_length=10, choices=GoalKind.choices, default=GoalKind.CALL_TO_ACTION)
    goal_name = models.CharField(
        _("call to action"),
        max_length=60,
        blank=True,
        help_text=_("For a click goal: the name of the call to action, e.g. search-homes."),
    )
    goal_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("goal page"),
        help_text=_("For a page goal: reaching this page (in any language) counts."),
    )
    baseline_rate = models.DecimalField(
        _("baseline rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_("How often visitors reach the goal today, in per cent."),
    )
    minimum_effect = models.DecimalField(
        _("smallest effect worth detecting (percentage points)"),
        max_digits=5,
        decimal_places=2,
        default=3,
        help_text=_("E.g. 3 means 10% -> 13%. Smaller effects need many more visitors."),
    )
    planned_sample_size = models.PositiveIntegerField(
        _("planned visitors per variant"),
        default=0,
        editable=False,
        help_text=_("Computed from the plan: 95% confidence, 80% power."),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)
    promoted_variant = models.CharField(_("promoted variant"), max_length=2, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    export_fields = ("page", "name", "status", "goal_kind", "goal_name", "goal_page")
    export_scope = "kommun"
    export_changed = ("status", "updated_at")

    base_form_class = ExperimentForm
    panels = [
        FieldPanel("kommun"),
        PageChooserPanel("page", ["home.HomePage", "topics.TopicPage", "stories.StoryPage"]),
        FieldPanel("name"),
        FieldPanel("hypothesis"),
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldPanel("goal_kind"), FieldPanel("goal_name"), PageChooserPanel("goal_page")], heading=_("Goal")
        ),
        FieldRowPanel([FieldPanel("baseline_rate"), FieldPanel("minimum_effect")], heading=_("Plan")),
        InlinePanel("variants", label=_("Variants (the first is A, the page as published)"), min_num=2),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(status="running"), name="one_running_experiment_per_page"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_running(self):
        return self.status == ExperimentStatus.RUNNING

    def clean(self):
        super().clean()
        errors = {}
        if self.page_id:
            page = self.page
            if page.specific_class._meta.model_name not in EXPERIMENT_PAGE_TYPES:
                errors["page"] = _(
                    "Experiments run on home pages, topic pages and stories; %(title)s is none of these."
                ) % {"title": page.title}
            elif self.kommun_id and kommun_of_page(page) != self.kommun:
                errors["page"] = _("The page %(title)s is not on %(kommun)s's site.") % {
                    "title": page.title,
                    "kommun": self.kommun,
                }
            elif self.status == ExperimentStatus.RUNNING:
                other = (
                    Experiment.objects.filter(
                        page__translation_key=page.translation_key, status=ExperimentStatus.RUNNING
                    )
                    .exclude(pk=self.pk)
                    .first()
                )
                if other is not None:
                    errors["status"] = _(
                        "The experiment “%(name)s” is already running on this page; pause or finish it first."
                    ) % {"name": other.name}
        elif self.status != ExperimentStatus.DRAFT:
            errors["page"] = _("Choose the page the experiment runs on.")
        if self.goal_kind == GoalKind.CALL_TO_ACTION:
            if not self.goal_name:
                errors["goal_name"] = _("Name the call to action whose clicks count.")
            elif self.page_id and "page" not in errors and self.goal_name not in call_to_action_names(self.page):
                names = ", ".join(sorted(call_to_action_names(self.page))) or _("none")
                errors["goal_name"] = _(
                    "The page has no call to action called “%(name)s”; its calls to action are: %(names)s."
                ) % {"name": self.goal_name, "names": names}
        if self.goal_kind == GoalKind.PAGE:
            if not self.goal_page_id:
                errors["goal_page"] = _("Choose the page whose visits count.")
            elif self.kommun_id and kommun_of_page(self.goal_page) != self.kommun:
                errors["goal_page"] = _("The goal page must be on the same site.")
        try:
            self.plan(2)
        except (TypeError, ValueError):
            errors["minimum_effect"] = _(
                "The baseline must be between 0 and 100%, and the smallest effect must be "
                "non-zero and keep the rate between 0 and 100%."
            )
        if errors:
            raise ValidationError(errors)

    def plan(self, variant_count):
        """Visitors each variant needs before a winner may be declared."""
        from .. import statistics  # SciPy is large: only the admin's pages load it, never the build or the events

        return statistics.sample_size_per_variant(
            float(self.baseline_rate or 0) / 100, float(self.minimum_effect or 0) / 100, variant_count=variant_count
        )

    def save(self, *args, **kwargs):
        if self.status == ExperimentStatus.RUNNING and self.started_at is None:
            self.started_at = timezone.now()
        if self.status == ExperimentStatus.FINISHED and self.ended_at is None:
            self.ended_at = timezone.now()
        super().save(*args, **kwargs)


class Variant(Orderable):
    """One version of the experiment's page: its share of visitors and what it changes."""

    experiment = ParentalKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    key = models.CharField(_("key"), max_length=2, editable=False)
    name = models.CharField(_("name"), max_length=80, help_text=_("E.g. 'Today's page' or 'Headline about jobs'."))
    weight = models.PositiveSmallIntegerField(
        _("share of visitors (%)"), default=50, help_text=_("The shares of all variants add up to 100.")
    )
    changes = StreamField(VariantChanges(), blank=True, use_json_field=True, verbose_name=_("changes"))

    export_fields = ("experiment", "key", "weight", "changes", "sort_order")
    export_scope = "experiment__kommun"

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("weight")]), FieldPanel("changes")]

    class Meta(Orderable.Meta):
        unique_together = [("experiment", "key")]
        verbose_name = _("variant")

    def __str__(self):
        return f"{self.key.upper()}: {self.name}" if self.key else self.name

    def save(self, *args, **kwargs):
        if not self.key:
            used = set(Variant.objects.filter(experiment_id=self.experiment_id).values_list("key", flat=True))
            self.key = next(letter for letter in VARIANT_KEYS if letter not in used)
        super().save(*args, **kwargs)
