from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.base.forms import TranslatedForm
from cms.base.public_forms import PlainTextField, PublicForm

AUDIENCE_CHOICES = [
    ("families", _("Families")),
    ("children", _("Children")),
    ("adults", _("Adults")),
    ("seniors", _("Seniors")),
]


#: Languages that may be spoken at an activity: the site languages, Sweden's national
#: minority languages (Meänkieli, Sami languages) and the languages newcomers often speak.
SPOKEN_LANGUAGES = [
    *settings.WAGTAIL_CONTENT_LANGUAGES,
    ("fit", "Meänkieli"),
    ("se", "Davvisámegiella"),
    ("smj", "Julevsámegiella"),
    ("sma", "Åarjelsaemien"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("fa", "فارسی"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
]
SPOKEN_LANGUAGE_CODES = [code for code, _name in SPOKEN_LANGUAGES]


class ActivityForm(TranslatedForm):
    """Audience and languages as checkboxes rather than the JSON they are stored as."""

    audience = forms.MultipleChoiceField(
        choices=AUDIENCE_CHOICES, widget=forms.CheckboxSelectMultiple, label=_("audience")
    )
    languages = forms.MultipleChoiceField(
        choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple, label=_("languages spoken")
    )


#: The languages the public form offers as spoken at an activity (the activities search offers the same).
PUBLIC_SPOKEN_LANGUAGES = ["sv", "en", "fi", "fit", "se", "ar", "uk", "de", "pl", "nl"]


class SubmissionForm(PublicForm):
    """An activity as the public describes it on a microsite: what, when, where, who organises it, and
    who sends it (kept apart, never published). One day, a start and an end time: what people
    organise is mostly that; editors can make it repeat when they approve it."""

    title = PlainTextField(max_length=160)
    description = PlainTextField(max_length=2000, multiline=True)
    category = forms.ChoiceField(choices=[])
    date = forms.DateField()
    start_time = forms.TimeField()
    end_time = forms.TimeField()
    place = PlainTextField(max_length=160)
    price_sek = forms.IntegerField(min_value=0, max_value=100_000, required=False)
    audience = forms.MultipleChoiceField(choices=AUDIENCE_CHOICES)
    languages = forms.MultipleChoiceField(choices=[(code, code) for code in PUBLIC_SPOKEN_LANGUAGES])
    organiser = PlainTextField(max_length=160)
    name = PlainTextField(max_length=120)
    email = forms.EmailField(max_length=254)

    def __init__(self, *args, **kwargs):
        from .models import CATEGORIES

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = CATEGORIES

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise ValidationError("The date has passed.", code="past")
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", ValidationError("The activity ends before it starts.", code="before_start"))
        return cleaned

    def times(self):
        """The start and end as aware datetimes in the kommun's time zone."""
        day = self.cleaned_data["date"]
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(day, self.cleaned_data["start_time"], tzinfo=zone),
            datetime.combine(day, self.cleaned_data["end_time"], tzinfo=zone),
        )
