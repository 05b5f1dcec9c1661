from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from cms.base.forms import TranslatedForm
from cms.base.models import KommunListing
from cms.base.models.listings import TranslationRowMixin
from cms.base.validators import validate_latitude, validate_longitude

EMPLOYMENT_TYPES = [
    ("permanent", _("Permanent")),
    ("temporary", _("Temporary")),
    ("seasonal", _("Seasonal")),
    ("part-time", _("Part-time")),
]


#: How many hours a week the job is: JobTech's "working_hours_type" (Heltid, Deltid).
WORKING_HOURS = [("full-time", _("Full-time")), ("part-time", _("Part-time"))]

#: What a stated salary is paid per: schema.org's unitText for baseSalary.
SALARY_PERIODS = [("HOUR", _("hour")), ("MONTH", _("month")), ("YEAR", _("year"))]


class Job(KommunListing):
    """A job ad in a kommun: "the city of opportunities" made concrete.

    Ads imported from the national job-ads API carry `source` and `source_id`, so a
    later import updates or unpublishes them instead of duplicating them.
    """

    employer = models.CharField(_("employer"), max_length=160)
    occupation = models.CharField(
        _("occupation"),
        max_length=120,
        help_text=_("In Swedish, as JobTech names it (e.g. Elektriker); the sites mark it as Swedish."),
    )
    employment_type = models.CharField(_("employment type"), max_length=20, choices=EMPLOYMENT_TYPES)
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    posted_on = models.DateField(
        _("posted on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the ad was first published, at its source; empty means the day it was first published here."
        ),
    )
    url = models.URLField(_("link to apply"), max_length=500)
    ad_url = models.URLField(
        _("link to the ad"),
        max_length=500,
        blank=True,
        help_text=_("The ad's own page at its source (e.g. in Platsbanken), if it has one."),
    )
    salary = models.CharField(
        _("salary"), max_length=200, blank=True, help_text=_("As the ad words it; empty if it says nothing.")
    )
    salary_sek = models.PositiveIntegerField(
        _("salary (SEK)"), null=True, blank=True, help_text=_("Only when the ad states an amount.")
    )
    salary_period = models.CharField(_("salary per"), max_length=5, choices=SALARY_PERIODS, blank=True)
    occupation_group = models.CharField(
        _("occupation group"),
        max_length=120,
        blank=True,
        help_text=_("The group the occupation belongs to (JobTech's occupation group, e.g. Electricians)."),
    )
    working_hours = models.CharField(_("working hours"), max_length=10, choices=WORKING_HOURS, blank=True)
    languages = models.JSONField(
        _("languages required"),
        default=list,
        blank=True,
        help_text=_("Codes of the languages the ad requires, e.g. sv, en; empty if it names none."),
    )
    remote = models.BooleanField(_("remote work possible"), default=False)
    salary_type = models.CharField(
        _("salary type"), max_length=120, blank=True, help_text=_("How pay is set, as the ad words it.")
    )
    workplace_address = models.CharField(
        _("workplace street address"),
        max_length=200,
        blank=True,
        help_text=_("Only a real street address; leave it empty if the ad has none."),
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=80, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=[validate_latitude])
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=[validate_longitude])

    export_fields = (
        *("live", "first_published_at", "last_published_at", "employer", "occupation", "employment_type"),
        *("apply_by", "posted_on", "url", "ad_url", "salary", "salary_sek", "salary_period"),
        *("occupation_group", "working_hours", "languages", "remote", "salary_type"),
        *("workplace_address", "postal_code", "town", "latitude", "longitude"),
    )

    base_form_class = TranslatedForm
    translation_required_fields = ("title", "description")
    panels = [
        FieldPanel("kommun"),
        InlinePanel("translations", label=_("Title and description"), min_num=1),
        FieldRowPanel([FieldPanel("employer"), FieldPanel("occupation"), FieldPanel("occupation_group")]),
        FieldRowPanel([FieldPanel("employment_type"), FieldPanel("working_hours"), FieldPanel("remote")]),
        FieldPanel("languages"),
        FieldRowPanel([FieldPanel("posted_on"), FieldPanel("apply_by")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("ad_url")]),
        FieldRowPanel([FieldPanel("salary"), FieldPanel("salary_type")]),
        FieldRowPanel([FieldPanel("salary_sek"), FieldPanel("salary_period")]),
        FieldRowPanel([FieldPanel("workplace_address"), FieldPanel("postal_code"), FieldPanel("town")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_id")]),
    ]

    class Meta:
        ordering = ["apply_by", "employer"]
        verbose_name = _("job")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source_id=""), name="unique_job_source_id"
            )
        ]

    def __str__(self):
        return f"{self.text('sv', 'title') or self.occupation}, {self.employer} ({self.kommun})"

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if (self.salary_sek is None) != (not self.salary_period):
            errors["salary_period"] = _(
                "A salary amount needs what it is paid per (hour, month or year), and the other way round."
            )
        from cms.activities.forms import SPOKEN_LANGUAGE_CODES

        if not isinstance(self.languages, list) or any(code not in SPOKEN_LANGUAGE_CODES for code in self.languages):
            errors["languages"] = _("Languages required must be a list of known language codes (e.g. sv, en).")
        if errors:
            raise ValidationError(errors)


class JobTranslation(TranslationRowMixin, Orderable):
    job = ParentalKey(Job, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=160)
    description = models.TextField()
    requirements = models.TextField(blank=True, help_text=_("What the ad asks of applicants, in its own words."))
    how_to_apply = models.TextField(blank=True, help_text=_("How the ad says to apply, in its own words."))

    export_fields = ("job", "language_code", "title", "description", "requirements", "how_to_apply", "sort_order")
    export_scope = "job__kommun"

    class Meta(Orderable.Meta):
        unique_together = [("job", "language_code")]
