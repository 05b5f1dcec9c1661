from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from cms.base.chooser_widgets import ImageChooserBlock
from cms.base.models import KommunListing
from cms.base.models.listings import TranslationRowMixin
from cms.base.validators import validate_latitude, validate_longitude
from cms.privacy.models import PersonalData
from cms.privacy.traces import forget

from .forms import AUDIENCE_CHOICES, SPOKEN_LANGUAGE_CODES, ActivityForm

CATEGORIES = [
    ("outdoors", _("Outdoors")),
    ("sport", _("Sport")),
    ("culture", _("Culture")),
    ("music", _("Music")),
    ("food", _("Food")),
    ("language-cafe", _("Language café")),
    ("family", _("Family")),
    ("volunteering", _("Volunteering")),
    ("association", _("Association")),
    ("festival", _("Festival")),
]
AUDIENCES = [code for code, _label in AUDIENCE_CHOICES]
RECURRENCES = [("", _("One-off")), ("weekly", _("Every week")), ("monthly", _("Every month"))]


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Activity(KommunListing):
    """Something to do: Boden's prototype asked how people find and share activities.

    Activities submitted by the public arrive as `pending`; only approved, live
    activities are ever public.
    """

    category = models.CharField(_("category"), max_length=20, choices=CATEGORIES)
    audience = models.JSONField(
        _("audience"), default=list, help_text=_("Any of: families, children, adults, seniors.")
    )
    languages = models.JSONField(_("languages spoken"), default=list, help_text=_("Language codes, e.g. sv, en."))
    place = models.CharField(_("place"), max_length=160)
    latitude = models.FloatField(_("latitude"), validators=[validate_latitude])
    longitude = models.FloatField(_("longitude"), validators=[validate_longitude])
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    recurrence = models.CharField(_("repeats"), max_length=10, choices=RECURRENCES, blank=True)
    until = models.DateField(_("repeats until"), null=True, blank=True)
    price_sek = models.PositiveIntegerField(_("price (SEK)"), default=0, help_text=_("0 means free."))
    organiser = models.CharField(_("organiser"), max_length=160)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    drivers = ParentalManyToManyField("base.Driver", blank=True, related_name="+")
    images = StreamField([("image", ImageChooserBlock())], blank=True, use_json_field=True)
    moderation_status = models.CharField(
        _("moderation"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.APPROVED
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    export_fields = (
        *("live", "last_published_at", "moderation_status", "source_id", "category", "audience", "languages"),
        *("place", "latitude", "longitude", "start", "end", "recurrence", "until", "price_sek", "organiser"),
        *("contact_email", "contact_phone", "drivers", "images"),
    )

    base_form_class = ActivityForm
    translation_required_fields = ("title", "description")
    panels = [
        FieldPanel("kommun"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("moderation_status")]),
        FieldPanel("rejection_reason"),
        InlinePanel("translations", label=_("Title and description"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("place"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], heading=_("Where")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("recurrence"), FieldPanel("until")]),
            ],
            heading=_("When"),
        ),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("languages"), FieldPanel("price_sek")]),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("contact_email"), FieldPanel("contact_phone")]),
        FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("images"),
    ]

    class Meta:
        ordering = ["start"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.text('sv', 'title') or self.place} ({self.kommun})"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The activity ends before it starts.")
        if self.recurrence and self.until and self.start and self.until < self.start.date():
            errors["until"] = _("The last date of a repeating activity is before its first.")
        if self.until and not self.recurrence:
            errors["until"] = _("Only a repeating activity has a last date.")
        bad_audience = [a for a in self.audience or [] if a not in AUDIENCES]
        if bad_audience or not isinstance(self.audience, list):
            errors["audience"] = _("Audience must be a list of: %(allowed)s.") % {"allowed": ", ".join(AUDIENCES)}
        if self.moderation_status == ModerationStatus.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Say why the activity was rejected; the submitter is told.")
        if not isinstance(self.languages, list) or any(code not in SPOKEN_LANGUAGE_CODES for code in self.languages):
            errors["languages"] = _("Languages spoken must be a list of known language codes.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self):
        return self.price_sek == 0


class ActivityTranslation(TranslationRowMixin, Orderable):
    activity = ParentalKey(Activity, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=160)
    description = models.TextField()

    export_fields = ("activity", "language_code", "title", "description", "sort_order")
    export_scope = "activity__kommun"

    class Meta(Orderable.Meta):
        unique_together = [("activity", "language_code")]


class ActivitySubmission(PersonalData):
    """Who sent an activity from a microsite's form: kept apart from the activity, never published.

    The activity itself waits, pending and not live, for the kommun's editors; this record
    holds the sender's name and address so they can be told the decision, and goes when
    the retention period ends or the sender asks (see `erase`).
    """

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="submission", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))

    class Meta:
        ordering = [models.F("decided_at").desc(nulls_first=True), "-received_at"]
        verbose_name = _("submitted activity")
        verbose_name_plural = _("submitted activities")

    def __str__(self):
        return self.activity.text(self.language, "title") or str(self.activity)

    def erase(self):
        """Forget the sender; an activity nobody has approved exists only because they sent it, so it goes too."""
        activity = self.activity
        super().erase()
        if activity.moderation_status != ModerationStatus.APPROVED:
            forget(activity)
            activity.delete()

    def erasure_effect(self):
        return "activity-kept" if self.activity.moderation_status == ModerationStatus.APPROVED else "activity-withdrawn"
